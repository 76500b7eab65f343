/**
 * /verify/: a reader types the ID and version printed on a paper copy and is told whether it is still the
 * version in force, for today's date. The data is this build's /verify/documents.json (same site, no other
 * request); the answer is src/qms/views/verify.ts. The question is kept in the address (?id=…&version=…),
 * so an answer can be linked to and survives a reload.
 */
import { localToday } from '../qms/base/dates.ts';
import { parseVersion, verdictMessage, verifyCopy, type VerdictMessage, type VerifyData } from '../qms/views/verify.ts';

export function startVerify(root: Document): void {
  const form = root.querySelector<HTMLFormElement>('#verify');
  const idInput = root.querySelector<HTMLInputElement>('#verify-id');
  const versionInput = root.querySelector<HTMLInputElement>('#verify-version');
  const answer = root.querySelector<HTMLElement>('#verify-answer');
  if (!form || !idInput || !versionInput || !answer) return;

  let data: Promise<VerifyData> | undefined;
  const load = () =>
    (data ??= fetch('/verify/documents.json').then((response) => {
      if (!response.ok) throw new Error(`the manual's list of documents could not be read (HTTP ${response.status})`);
      return response.json() as Promise<VerifyData>;
    }));

  const say = (message: VerdictMessage | { tone: 'error'; headline: string; details: string[]; links: [] }, kind: string) => {
    answer.dataset.verdict = kind;
    answer.className = `verify-answer verify-answer--${message.tone}`;
    const headline = root.createElement('p');
    headline.className = 'verify-answer__headline';
    headline.textContent = message.headline;
    const parts: HTMLElement[] = [headline];
    for (const line of message.details) {
      const p = root.createElement('p');
      p.textContent = line;
      parts.push(p);
    }
    if (message.links.length > 0) {
      const list = root.createElement('ul');
      for (const link of message.links) {
        const item = root.createElement('li');
        const a = root.createElement('a');
        a.href = link.href;
        a.textContent = link.text;
        item.append(a);
        list.append(item);
      }
      parts.push(list);
    }
    answer.replaceChildren(...parts);
  };

  const check = async () => {
    const id = idInput.value.trim();
    const version = parseVersion(versionInput.value);
    versionInput.setAttribute('aria-invalid', String(version === null));
    if (!id || version === null) {
      say({ tone: 'error', headline: 'Type the document ID and the version number printed on the copy, such as SOP-004 and 4.', details: [], links: [] }, 'incomplete');
      return;
    }
    const address = new URL(root.location.href);
    address.search = new URLSearchParams({ id, version: String(version) }).toString();
    root.defaultView?.history.replaceState(null, '', address);
    try {
      const built = await load();
      const verdict = verifyCopy(built, id, version, localToday());
      say(verdictMessage(verdict), verdict.kind);
    } catch (error) {
      data = undefined;
      say({ tone: 'error', headline: `The copy could not be checked: ${(error as Error).message}.`, details: ['Try again, or ask the document controller.'], links: [] }, 'error');
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void check();
  });
  const asked = new URLSearchParams(root.location.search);
  if (asked.has('id')) {
    idInput.value = asked.get('id') ?? '';
    versionInput.value = asked.get('version') ?? '';
    void check();
  } else {
    void load().catch(() => undefined);
  }
}
