/**
 * Runs a command for the pipeline benchmark and measures it as a whole: wall time in this process, CPU
 * time and peak memory from GNU time (/usr/bin/time), which counts the command and every process it waits
 * for (Pagefind's binary included). Each line the command prints is kept with the time it arrived, so the
 * stages of a build can be read from its own log (scripts/bench/build-stages.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const GNU_TIME = '/usr/bin/time';
/** Elapsed seconds, user seconds, system seconds, maximum resident set size in KB. */
const TIME_FORMAT = '%e %U %S %M';

/** One line of output and when it arrived, in ms from the start of the run. */
export interface LogLine {
  ms: number;
  text: string;
}

export interface TimedRun {
  code: number | null;
  wallMs: number;
  /** User plus system time of the command and its children. */
  cpuMs: number;
  /**
   * The largest resident set of any one process of the run (what GNU time reports: the peak of the
   * largest process, not the sum of processes running at once).
   */
  maxRssMB: number;
  lines: LogLine[];
}

/** GNU time's `-f '%e %U %S %M'` output: the last line (a failed command adds a line before it). */
export function parseTimeOutput(text: string): { wallS: number; userS: number; sysS: number; maxRssKB: number } {
  const last = text.trim().split('\n').at(-1) ?? '';
  const numbers = last.trim().split(/\s+/).map(Number);
  if (numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n))) throw new Error(`unexpected output of ${GNU_TIME}: ${JSON.stringify(text)}`);
  const [wallS, userS, sysS, maxRssKB] = numbers;
  return { wallS, userS, sysS, maxRssKB };
}

// Colours and cursor moves a command may print even into a pipe.
const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Cuts a stream's chunks into lines, each stamped with the arrival of the chunk that ended it. */
export class LineClock {
  private pending = '';
  private readonly start: number;
  private readonly now: () => number;
  readonly lines: LogLine[] = [];

  constructor(start: number, now: () => number = () => performance.now()) {
    this.start = start;
    this.now = now;
  }

  push(chunk: string): void {
    const parts = (this.pending + chunk).split('\n');
    this.pending = parts.pop()!;
    const ms = this.now() - this.start;
    for (const part of parts) this.lines.push({ ms, text: part.replace(ANSI, '').replace(/\r$/, '') });
  }

  end(): void {
    if (this.pending !== '') this.push('\n');
  }
}

export function assertGnuTime(): void {
  if (!existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} (GNU time) is needed to measure CPU time and peak memory: apt-get install time`);
}

/** Runs `command args` in `cwd` under GNU time; the output of the command is kept, not printed. */
export async function timedRun(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<TimedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'qms-bench-time-'));
  const timeFile = join(dir, 'time');
  try {
    const start = performance.now();
    // A build logs to both streams: each has its own clock (a line may arrive in pieces), merged by time after.
    const out = new LineClock(start);
    const err = new LineClock(start);
    const child = spawn(GNU_TIME, ['-f', TIME_FORMAT, '-o', timeFile, command, ...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => out.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => err.push(chunk));
    const code = await new Promise<number | null>((done, fail) => {
      child.on('error', fail);
      child.on('close', done);
    });
    const wallMs = performance.now() - start;
    out.end();
    err.end();
    const lines = [...out.lines, ...err.lines].sort((a, b) => a.ms - b.ms);
    const time = parseTimeOutput(readFileSync(timeFile, 'utf8'));
    return { code, wallMs, cpuMs: (time.userS + time.sysS) * 1000, maxRssMB: time.maxRssKB / 1024, lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
