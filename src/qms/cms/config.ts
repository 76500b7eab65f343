import { clauseLabel, type ClauseIndex } from '../catalogue.ts';
import { RULES, type RuleId } from '../findings/rules.ts';
import { LAYOUT } from '../base/layout.ts';
import { LOCAL_PROXY_URL, type CmsBackendName, type CmsSettings } from '../schemas/cms.ts';
import { APPROVAL_FIELDS, DOCUMENT_TYPES, documentSchema, ID_PREFIX, TYPE_LABEL, type DocumentType } from '../schemas/document.ts';
import { settingsSchema } from '../schemas/settings.ts';
import { cmsFieldFor, shapeOf, type CmsField, type FieldOptions } from './zod-fields.ts';

/**
 * The Decap CMS configuration, generated from the frontmatter schema, the settings schema and the clause
 * catalogues, never kept by hand: a field added to a schema appears in the CMS with its `describe()` text
 * as the hint, and a clause added to a catalogue appears in the clause picker.
 */

/** The folder of each document type, under content/docs/. The ID is what counts; the folder is for people. */
export const TYPE_FOLDER: Record<DocumentType, string> = {
  policy: 'policies',
  procedure: 'procedures',
  'work-instruction': 'work-instructions',
  form: 'forms',
};

const TYPE_PLURAL: Record<DocumentType, string> = { policy: 'Policies', procedure: 'Procedures', 'work-instruction': 'Work instructions', form: 'Forms' };

/** The format that reads and writes document files exactly as the checker reads them (src/cms/admin.ts registers it). */
export const DOCUMENT_FORMAT = 'qms-mdx';
/** A hidden collection over every document, so relation pickers offer the IDs of all types. */
export const ALL_DOCUMENTS = 'documents';
export const SETTINGS_COLLECTION = 'settings';
/** Backends are wrapped so that publishing is the approval step (src/cms/approving-backend.ts). */
export const BACKEND_PREFIX = 'qms-';
/**
 * The Decap CMS backend for each host. Decap 3.16's own Gitea backend refuses the editorial workflow, so
 * Gitea goes through its Forgejo backend: Forgejo is Gitea's fork, with the same API for contents,
 * branches, labels and pull requests.
 */
export const DECAP_BACKEND: Record<CmsBackendName, string> = { local: 'proxy', github: 'github', gitlab: 'gitlab', gitea: 'forgejo', forgejo: 'forgejo' };

/** Labels as the controlled header on a document page words them. */
const DOCUMENT_LABELS: Record<string, string> = {
  id: 'Document ID',
  approver: 'Approved by',
  approved: 'Approved on',
  effective: 'Effective from',
  clauses: 'ISO 7101 clauses',
  departments: 'Applies to (departments)',
  change_summary: 'Changes in this version',
  attachments: 'Attached files',
};

/** What the editorial workflow does to a field, said where the controller types it. */
/** Fields that publishing sets (src/qms/cms/workflow.ts, approveForPublication). */
const STAMPED_ON_PUBLICATION: ReadonlySet<string> = new Set(['status', 'version', 'approved', 'effective', 'withdrawn']);

const WORKFLOW_NOTES: Record<string, string> = {
  version: 'Raised by one automatically when a change to the text is approved (marked Ready, then published); you may raise it yourself.',
  status: 'Every save keeps a change a draft on its own branch: the published document is untouched until the change is approved. Choose "obsolete" to withdraw the document; the withdrawal is then approved like a new version.',
  approved: 'Set to the day the change is approved.',
  effective: 'If empty or before the approval date, the approval sets it to the approval date; a later date you choose is kept.',
  withdrawn: 'Set to the day a withdrawal is approved, if empty.',
  change_summary: 'Required for every approved change to the text: the approval refuses a summary left from the previous version.',
  attachments: 'Upload a file here (a printable form, a spreadsheet, a poster): it is saved on this change\'s branch and approved with the document; its fingerprint (SHA-256) is recorded when you save. Link to it in the text as /attachments/<ID>/<file name>. File names are made safe for the web (lower case, no spaces).',
};

export interface CmsConfigInput {
  index: ClauseIndex;
  /** The organization's departments (settings): documents pick theirs from the list. */
  departments?: readonly string[];
  /** IDs of the documents in the manual: the next free number of each type is offered to a new document. */
  documentIds: readonly string[];
  cms: CmsSettings;
}

export type CmsConfig = Record<string, unknown> & { collections: CmsCollection[]; backend: Record<string, unknown> };
export type CmsCollection = Record<string, unknown> & { name: string; fields?: CmsField[]; files?: (Record<string, unknown> & { name: string; fields: CmsField[] })[] };

export function cmsConfig({ index, documentIds, cms, departments = [] }: CmsConfigInput): CmsConfig {
  const { name, proxy_url, ...backend } = cms.backend;
  return {
    load_config_file: false,
    backend: {
      ...backend,
      name: `${BACKEND_PREFIX}${DECAP_BACKEND[name]}`,
      ...(name === 'local' ? { proxy_url: proxy_url ?? LOCAL_PROXY_URL } : {}),
      commit_messages: {
        create: 'Draft new {{collection}} {{slug}}',
        update: 'Draft changes to {{collection}} {{slug}}',
        delete: 'Delete {{collection}} {{slug}}',
        uploadMedia: 'Upload {{path}}',
        deleteMedia: 'Delete {{path}}',
      },
    },
    // Publishing is the approval step: a change waits as draft, in review and ready on its own branch.
    publish_mode: 'editorial_workflow',
    // Files belong to documents (each collection stores them under public/attachments/<ID>/); the Media
    // Library's own uploads and deletions are refused (src/cms/approving-backend.ts).
    media_folder: 'public/attachments',
    public_folder: '/attachments',
    ...(cms.site_url ? { site_url: cms.site_url, display_url: cms.site_url } : {}),
    locale: 'en',
    slug: { encoding: 'ascii', clean_accents: true, sanitize_replacement: '-' },
    collections: [...DOCUMENT_TYPES.map((type) => documentCollection(type, index, documentIds, departments)), allDocumentsCollection(), settingsCollection(index)],
  };
}

function documentCollection(type: DocumentType, index: ClauseIndex, documentIds: readonly string[], departments: readonly string[]): CmsCollection {
  const prefix = ID_PREFIX[type];
  const label = TYPE_LABEL[type].toLowerCase();
  const options: Record<string, FieldOptions> = {
    id: {
      override: {
        default: nextFreeId(prefix, documentIds),
        pattern: [`^${prefix}-\\d{3,}$`, `A ${label} ID is ${prefix}- and at least three digits, such as ${prefix}-031.`],
      },
    },
    type: { override: { widget: 'hidden', default: type } },
    status: {
      override: {
        default: 'draft',
        options: [
          { value: 'draft', label: 'draft: every save keeps the change a draft' },
          { value: 'in-review', label: 'in-review: set by the Workflow tab' },
          { value: 'approved', label: 'approved: set by the approval, not here' },
          { value: 'obsolete', label: 'obsolete: withdraw the document' },
        ],
      },
    },
    version: { override: { default: 1 } },
    summary: { override: { widget: 'text' } },
    change_summary: { override: { widget: 'text', default: 'First issue.' } },
    clauses: { override: { widget: 'select', multiple: true, options: clauseOptions(index) } },
    // Picked from the organization's list, so a department is never typed two ways (rule unknown-department).
    ...(departments.length > 0 ? { departments: { override: { widget: 'select', multiple: true, options: [...departments], field: undefined } } } : {}),
    related: { override: documentPicker() },
    supersedes: { override: documentPicker() },
    documented_information: { override: { widget: 'select', multiple: true, options: documentedInformationOptions(index) } },
  };
  // Publishing approves: the people an approval names are asked for before a change is saved; its dates
  // are set when it is published.
  for (const field of APPROVAL_FIELDS.filter((f) => !STAMPED_ON_PUBLICATION.has(f))) options[field] = { override: { required: true } };
  // An attached file is uploaded through Decap's file widget; its fingerprint is written by the save itself.
  const children: Record<string, FieldOptions> = {
    'attachments.file': { label: 'File', override: { widget: 'file', choose_url: false } },
    'attachments.sha256': { override: { widget: 'hidden' } },
  };
  const shape = shapeOf(documentSchema());
  const fields = Object.entries(shape).map(([name, schema]) =>
    cmsFieldFor(name, schema, { label: DOCUMENT_LABELS[name], note: WORKFLOW_NOTES[name], ...options[name] }, Object.fromEntries(Object.entries(children).filter(([key]) => key.startsWith(`${name}.`)))),
  );
  fields.push({
    name: 'body',
    label: 'Text',
    // Markdown as saved, with a toolbar (src/cms/widgets/markdown-widget.ts): Decap's rich-text mode rewrites
    // text nobody touched (list markers, table padding, 3 * 4 * 5), and its raw mode has no working toolbar.
    widget: 'qms-markdown',
    hint: 'Markdown. The buttons above the text make the selected text bold, italic, a heading, a list or a link (such as /docs/SOP-004/), or add a table or a callout; Ctrl+B and Ctrl+I work too. A table pasted from Word or Excel becomes a Markdown table. Braces and angle brackets typed as text are escaped when saved; scripts and unknown components are refused with the reason.',
  });
  return {
    name: type,
    label: TYPE_PLURAL[type],
    label_singular: TYPE_LABEL[type],
    folder: `${LAYOUT.documents}/${TYPE_FOLDER[type]}`,
    extension: 'mdx',
    format: DOCUMENT_FORMAT,
    create: true,
    delete: false,
    identifier_field: 'id',
    slug: '{{id}}-{{title}}',
    summary: '{{id}} {{title}} (version {{version}}, {{status}})',
    sortable_fields: ['id', 'title'],
    preview_path: 'docs/{{id}}/',
    // A document's files live beside it in the site: public/attachments/<ID>/, served at /attachments/<ID>/.
    media_folder: '/public/attachments/{{slug}}',
    public_folder: '/attachments/{{slug}}',
    fields,
  };
}

/** Every document, whatever its type: only there so relation pickers can offer all IDs. */
function allDocumentsCollection(): CmsCollection {
  return {
    name: ALL_DOCUMENTS,
    label: 'All documents',
    folder: LAYOUT.documents,
    nested: { depth: 2 },
    extension: 'mdx',
    format: DOCUMENT_FORMAT,
    hide: true,
    create: false,
    delete: false,
    identifier_field: 'id',
    fields: [
      { name: 'id', label: 'Document ID', widget: 'string' },
      { name: 'title', label: 'Title', widget: 'string' },
    ],
  };
}

function documentPicker(): Partial<CmsField> {
  return { widget: 'relation', collection: ALL_DOCUMENTS, value_field: 'id', search_fields: ['id', 'title'], display_fields: ['id', 'title'], multiple: true, options_length: 50 };
}

function settingsCollection(index: ClauseIndex): CmsCollection {
  const shape = shapeOf(settingsSchema);
  const severityLabel = (rule: RuleId) => `${RULES[rule].code} ${RULES[rule].title}`;
  const children: Record<string, FieldOptions> = {
    'exclusions.clause': { override: { widget: 'select', options: clauseOptions(index) } },
    'notify.email': { label: 'Email' },
    ...Object.fromEntries(DOCUMENT_TYPES.map((type) => [`review.interval_months.${type}`, { label: TYPE_PLURAL[type] }])),
    ...Object.fromEntries((Object.keys(RULES) as RuleId[]).map((rule) => [`checks.severity.${rule}`, { label: severityLabel(rule) }])),
  };
  const fields = Object.entries(shape).map(([name, schema]) => {
    const nested = Object.fromEntries(Object.entries(children).filter(([key]) => key.startsWith(`${name}.`)));
    const own: FieldOptions = name === 'primary_standard' ? { override: { widget: 'select', options: index.catalogues.map((c) => ({ label: c.standard, value: c.id })) } } : {};
    return cmsFieldFor(name, schema, own, nested);
  });
  return {
    name: SETTINGS_COLLECTION,
    label: 'Settings',
    delete: false,
    editor: { preview: false },
    files: [{ name: 'organization', label: 'Organization settings', file: LAYOUT.settings, format: 'yaml', fields }],
  };
}

/** Every clause of every catalogue, primary standard first, labelled with its title (or its topic, marked as such). */
export function clauseOptions(index: ClauseIndex): { label: string; value: string }[] {
  return index.all().map((clause) => ({
    value: clause.ref,
    label: `${clause.ref} ${clauseLabel(clause)}`,
  }));
}

function documentedInformationOptions(index: ClauseIndex): { label: string; value: string }[] {
  return index.catalogues.flatMap((c) => c.documentedInformation.map((item) => ({ value: item.id, label: `${item.title} (${item.id}, clause ${item.clause})` })));
}

/** The next number of a type: SOP-031 after SOP-030, three digits at least. */
export function nextFreeId(prefix: string, ids: readonly string[]): string {
  const numbers = ids.filter((id) => id.startsWith(`${prefix}-`)).map((id) => Number(id.slice(prefix.length + 1)));
  const next = Math.max(0, ...numbers.filter(Number.isFinite)) + 1;
  return `${prefix}-${String(next).padStart(3, '0')}`;
}
