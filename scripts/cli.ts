import { parseArgs, type ParseArgsConfig } from 'node:util';
import { projectRoot } from '../src/qms/load/manual.ts';

/*
 * What every command of scripts/ shares: the world it reads and writes besides its arguments, passed in so
 * tests run the command in-process, and the way it answers a usage error.
 */

export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Where the command was typed: paths given on the command line are read from there. */
  cwd: string;
  /** The project folder (npm runs scripts from it). */
  projectRoot: string;
}

/** Prints `name: message`, then the usage text, to standard error; 2 is the exit status of a usage error. */
export function usageError(io: Pick<CommandIo, 'stderr'>, name: string, usage: string, message: string): 2 {
  io.stderr(`${name}: ${message}\n\n${usage}`);
  return 2;
}

/**
 * A command's arguments, as parseArgs reads them from `config` (whose options include `help`); or the
 * command's exit status when there is nothing more to do: 0 once `--help` printed the usage, 2 after a
 * usage error (usageError).
 */
export function readArguments<const T extends ParseArgsConfig>(
  config: T,
  io: Pick<CommandIo, 'stdout' | 'stderr'>,
  name: string,
  usage: string,
): ReturnType<typeof parseArgs<T>> | 0 | 2 {
  let parsed;
  try {
    parsed = parseArgs(config);
  } catch (error) {
    return usageError(io, name, usage, (error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(usage);
    return 0;
  }
  return parsed;
}

/** The io of a command run from a terminal (or by npm, which runs it in the project folder and says where it was typed in INIT_CWD). */
export function processIo(): CommandIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.env.INIT_CWD ?? process.cwd(),
    projectRoot: projectRoot(),
  };
}

/** Runs an asynchronous command as the process: its exit status, or 1 with the stack of what it threw. */
export function runAsProcess(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${name}: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
