import { BACKEND_PREFIX, DECAP_BACKEND, DOCUMENT_FORMAT, SETTINGS_COLLECTION } from '../qms/cms/config.ts';
import { payloadIndex, type AdminPayload } from '../qms/cms/admin-payload.ts';
import { documentedInformationIds } from '../qms/documented-information.ts';
import { readDocumentFile, writeDocumentFile, type DocumentEntry } from '../qms/cms/document-file.ts';
import { documentProblems, draftEntry, withoutBlanks, type WorkflowContext } from '../qms/cms/workflow.ts';
import { DOCUMENT_TYPES } from '../qms/schemas/document.ts';
import { approvingBackend, type BackendRegistry } from './approving-backend.ts';
import { previewHtml } from './preview.ts';
import { fieldLabels, setFieldLabels, showRefusal } from './refusals.ts';
import { dateWidget } from './widgets/date-widget.ts';
import { markdownWidget } from './widgets/markdown-widget.ts';

/**
 * /admin: Decap CMS (the prebuilt bundle from node_modules, loaded by src/pages/admin/index.astro before
 * this module) set up for the manual, then started with the generated configuration.
 */

/** Immutable.js maps, as Decap hands entries to event handlers and previews. */
interface ImmutableMap {
  get(key: string): unknown;
  toJS(): Record<string, unknown>;
  clear(): ImmutableMap;
  merge(value: Record<string, unknown>): ImmutableMap;
}
interface DecapCms extends BackendRegistry {
  init(options: { config: unknown }): void;
  registerBackend(name: string, backend: unknown): void;
  registerWidget(name: string, control: unknown, preview?: unknown): void;
  registerCustomFormat(name: string, extension: string, formatter: { fromFile(text: string): unknown; toFile(data: DocumentEntry): string }): void;
  registerEventListener(listener: { name: string; handler: (event: { entry: ImmutableMap }) => unknown }): void;
  registerPreviewStyle(url: string): void;
  registerPreviewTemplate(name: string, component: (props: { entry: ImmutableMap }) => unknown): void;
}
declare global {
  interface Window {
    CMS: DecapCms;
    /** React's createElement, from the Decap bundle. */
    h: (type: string, props: Record<string, unknown>) => unknown;
  }
}

const payload = JSON.parse(document.getElementById('qms-cms-config')!.textContent!) as AdminPayload;
// The clause catalogues as the build validated them: saves are checked against the same index as `npm run check`.
const index = payloadIndex(payload);
const context: WorkflowContext = {
  clauses: index,
  documentedInformation: documentedInformationIds(index),
  departments: new Set(payload.departments),
  knownIds: new Map(payload.knownIds),
};
const CMS = window.CMS;
const documentCollections: ReadonlySet<unknown> = new Set(DOCUMENT_TYPES);

// Document files are read and written as the checker reads them (see document-file.ts).
CMS.registerCustomFormat(DOCUMENT_FORMAT, 'mdx', { fromFile: readDocumentFile, toFile: writeDocumentFile });

for (const name of new Set(Object.values(DECAP_BACKEND))) {
  CMS.registerBackend(
    `${BACKEND_PREFIX}${name}`,
    approvingBackend(CMS, name, { context, index, documentsFolder: payload.documentsFolder, settingsFile: payload.settingsFile, onRefused: showRefusal }),
  );
}

// Dates typed or picked as calendar days, and the text as Markdown with a toolbar (src/cms/widgets/).
const date = dateWidget();
CMS.registerWidget('qms-date', date.control, date.preview);
const markdown = markdownWidget();
CMS.registerWidget('qms-markdown', markdown.control, markdown.preview);
// A refusal names fields as the editor labels them.
setFieldLabels(fieldLabels(payload.config));

// Saving keeps a change a draft and escapes braces and angle brackets typed as text; the backend then checks the file.
CMS.registerEventListener({
  name: 'preSave',
  handler: ({ entry }) => {
    const data = entry.get('data') as ImmutableMap;
    const collection = entry.get('collection');
    if (documentCollections.has(collection)) return data.clear().merge(withoutBlanks(draftEntry(data.toJS())));
    if (collection === SETTINGS_COLLECTION) return data.clear().merge(withoutBlanks(data.toJS()));
    return undefined;
  },
});

CMS.registerPreviewStyle('/admin/preview.css');
for (const type of DOCUMENT_TYPES) {
  CMS.registerPreviewTemplate(type, ({ entry }) => {
    const data = (entry.get('data') as ImmutableMap).toJS();
    const path = String(entry.get('path') ?? `${payload.documentsFolder}/new.mdx`);
    const problems = documentProblems(path, writeDocumentFile(withoutBlanks(draftEntry(data))), context);
    return window.h('div', { dangerouslySetInnerHTML: { __html: previewHtml(data, problems, { index, review: payload.review, replacements: payload.replacements }) } });
  });
}

CMS.init({ config: payload.config });
