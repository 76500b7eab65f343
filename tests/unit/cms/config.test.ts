import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RULE_IDS } from '../../../src/qms/findings/rules.ts';
import { adminPayload, payloadIndex } from '../../../src/qms/cms/admin-payload.ts';
import { ALL_DOCUMENTS, cmsConfig, nextFreeId, SETTINGS_COLLECTION, TYPE_FOLDER, type CmsCollection } from '../../../src/qms/cms/config.ts';
import { cmsFieldFor, shapeOf, unwrap } from '../../../src/qms/cms/zod-fields.ts';
import { loadManual } from '../../../src/qms/load/manual.ts';
import { loadCmsSettings } from '../../../src/qms/load/cms-settings.ts';
import { fixture } from '../helpers.ts';
import { cmsSettingsSchema } from '../../../src/qms/schemas/cms.ts';
import { DOCUMENT_TYPES, documentSchema } from '../../../src/qms/schemas/document.ts';
import { settingsSchema } from '../../../src/qms/schemas/settings.ts';
import type { CmsField } from '../../../src/qms/cms/zod-fields.ts';

// The CMS configuration is generated, never kept by hand: these tests fail when it drifts from the schemas
// or the catalogue it is made from.
const manual = loadManual(process.cwd());
const local = cmsSettingsSchema.parse({ backend: { name: 'local' } });
const config = cmsConfig({ index: manual.index, documentIds: manual.documents.map((d) => d.data.id), cms: local, departments: manual.settings.departments });
const collection = (name: string) => config.collections.find((c) => c.name === name) as CmsCollection;
const fieldsOf = (c: CmsCollection) => c.fields!;
const field = (c: CmsCollection, name: string) => fieldsOf(c).find((f) => f.name === name)!;

describe('the document collections', () => {
  const schemaFields = Object.entries(shapeOf(documentSchema()));

  it('are one per document type, writing .mdx into its folder under content/docs', () => {
    expect(config.collections.filter((c) => (DOCUMENT_TYPES as readonly string[]).includes(c.name)).map((c) => [c.name, c.folder, c.extension])).toEqual(
      DOCUMENT_TYPES.map((type) => [type, `content/docs/${TYPE_FOLDER[type]}`, 'mdx']),
    );
  });

  it('list every field of the frontmatter schema, in its order, then the text', () => {
    for (const type of DOCUMENT_TYPES) {
      expect(fieldsOf(collection(type)).map((f) => f.name)).toEqual([...schemaFields.map(([name]) => name), 'body']);
    }
  });

  it("give each field the schema's describe() text as its hint, and require what the schema requires", () => {
    for (const [name, schema] of schemaFields) {
      const { description, required } = unwrap(schema);
      const f = field(collection('procedure'), name);
      expect(f.hint, name).toContain(description);
      if (required) expect(f.required, name).toBe(true);
    }
  });

  it('offer every clause of every catalogue in the clause picker, and nothing else', () => {
    const options = (field(collection('policy'), 'clauses').options as { value: string }[]).map((o) => o.value);
    expect(options).toEqual(manual.index.all().map((c) => c.ref));
    expect(options.length).toBeGreaterThan(50);
    expect(field(collection('policy'), 'clauses')).toMatchObject({ widget: 'select', multiple: true });
  });

  it('pick related and superseded documents by ID from every document type', () => {
    for (const name of ['related', 'supersedes']) {
      expect(field(collection('form'), name)).toMatchObject({ widget: 'relation', collection: ALL_DOCUMENTS, value_field: 'id', multiple: true });
    }
    expect(collection(ALL_DOCUMENTS)).toMatchObject({ folder: 'content/docs', hide: true, create: false, nested: { depth: 2 } });
  });

  it('type or pick dates as calendar days, stored as YYYY-MM-DD (src/cms/widgets/date-widget.ts)', () => {
    for (const name of ['approved', 'effective', 'review_by', 'withdrawn']) {
      expect(field(collection('procedure'), name)).toMatchObject({ widget: 'qms-date' });
    }
  });

  it('fix the type, offer the next free ID with its prefix, and ask for owner and approver', () => {
    expect(field(collection('procedure'), 'type')).toMatchObject({ widget: 'hidden', default: 'procedure' });
    expect(field(collection('procedure'), 'id')).toMatchObject({ default: nextFreeId('SOP', [...manual.declaredIds.values()]), pattern: ['^SOP-\\d{3,}$', expect.any(String)] });
    expect(field(collection('work-instruction'), 'id').pattern![0]).toBe('^WI-\\d{3,}$');
    expect(field(collection('policy'), 'owner').required).toBe(true);
    expect(field(collection('policy'), 'approver').required).toBe(true);
  });

  it('edit the text as the Markdown it is saved as, which keeps untouched text as it was (src/cms/widgets/markdown-widget.ts)', () => {
    expect(field(collection('policy'), 'body')).toMatchObject({ widget: 'qms-markdown' });
  });

  it('publish through the editorial workflow: draft, in review, ready', () => {
    expect(config.publish_mode).toBe('editorial_workflow');
  });
});

describe('the settings collection', () => {
  const settingsFields = fieldsOf((collection(SETTINGS_COLLECTION).files as { fields: CmsField[] }[])[0] as unknown as CmsCollection);

  it('lists every field of the settings schema, with its hint', () => {
    expect(settingsFields.map((f) => f.name)).toEqual(Object.keys(shapeOf(settingsSchema)));
    for (const f of settingsFields) {
      const { description } = unwrap(shapeOf(settingsSchema)[f.name]);
      if (description) expect(f.hint).toContain(description);
    }
  });

  it('offers a severity for every checker rule, and excluded clauses from the catalogue', () => {
    const checks = settingsFields.find((f) => f.name === 'checks')!;
    const severity = checks.fields!.find((f) => f.name === 'severity')!;
    expect(severity.fields!.map((f) => f.name)).toEqual(RULE_IDS);
    expect(severity.fields!.every((f) => f.widget === 'select' && f.required === false)).toBe(true);
    const exclusions = settingsFields.find((f) => f.name === 'exclusions')!;
    expect((exclusions.fields!.find((f) => f.name === 'clause')!.options as { value: string }[]).map((o) => o.value)).toEqual(manual.index.all().map((c) => c.ref));
  });
});

describe('fields from a schema', () => {
  it('appear without a change to the CMS code, and an unknown kind of field is an error, not a gap', () => {
    expect(cmsFieldFor('ward_count', z.number().int().min(0).optional().describe('How many wards.'))).toMatchObject({ widget: 'number', value_type: 'int', min: 0, required: false, hint: 'How many wards.' });
    expect(() => cmsFieldFor('when', z.bigint())).toThrow(/no CMS widget/);
  });

  it('numbers new documents after the highest ID of their type', () => {
    expect(nextFreeId('SOP', ['SOP-001', 'SOP-027', 'POL-099'])).toBe('SOP-028');
    expect(nextFreeId('FRM', [])).toBe('FRM-001');
  });
});

describe('the backend', () => {
  it('is the local Git server on the loopback interface unless the settings name a Git host', () => {
    expect(config.backend).toMatchObject({ name: 'qms-proxy', proxy_url: 'http://127.0.0.1:8081/api/v1', branch: 'main' });
    const github = cmsConfig({ index: manual.index, documentIds: [], cms: cmsSettingsSchema.parse({ backend: { name: 'github', repo: 'riverside/manual', base_url: 'https://auth.example' } }) });
    expect(github.backend).toMatchObject({ name: 'qms-github', repo: 'riverside/manual', branch: 'main', base_url: 'https://auth.example' });
    expect(github.backend).not.toHaveProperty('proxy_url');
  });

  it('refuses a Git host without a repository, and Gitea without its API address', () => {
    expect(cmsSettingsSchema.safeParse({ backend: { name: 'github' } }).success).toBe(false);
    expect(cmsSettingsSchema.safeParse({ backend: { name: 'gitea', repo: 'quality/manual' } }).success).toBe(false);
  });

  it('reaches Gitea through Decap\'s Forgejo backend, since its Gitea backend has no editorial workflow', () => {
    const gitea = cmsSettingsSchema.parse({ backend: { name: 'gitea', repo: 'quality/manual', api_root: 'https://git.hospital.example/api/v1', app_id: 'abc' } });
    expect(cmsConfig({ index: manual.index, documentIds: [], cms: gitea }).backend).toMatchObject({ name: 'qms-forgejo', api_root: 'https://git.hospital.example/api/v1', app_id: 'abc' });
  });
});

describe('the /admin payload', () => {
  it('carries every way a clause may be written and every document ID, for the checks run in the browser', () => {
    const payload = adminPayload(manual, local);
    // The browser builds its clause index from the catalogues in the payload (JSON, as the page carries it).
    const browserIndex = payloadIndex(JSON.parse(JSON.stringify(payload)));
    for (const clause of manual.index.all()) expect(browserIndex.has(clause.ref)).toBe(true);
    expect(browserIndex.has('iso-7101-2023:8.1')).toBe(true);
    expect(new Map(payload.knownIds).get('SOP-004')).toBe('content/docs/procedures/SOP-004-hand-hygiene.mdx');
    expect(payload.config).toEqual(config);
  });
});

describe('where /admin finds the repository', () => {
  it('is nowhere without content/settings/cms.yaml, so /admin says how to set it up; npm run cms names its own server', () => {
    expect(loadCmsSettings(fixture('valid-minimal'), {})).toBeUndefined();
    expect(loadCmsSettings(fixture('valid-minimal'), { QMS_CMS_PROXY_URL: 'http://127.0.0.1:9001/api/v1' })?.backend).toMatchObject({ name: 'local', proxy_url: 'http://127.0.0.1:9001/api/v1', branch: 'main' });
  });
});
