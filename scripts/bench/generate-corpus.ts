/**
 * Writes a large, realistic QMS Manual project for the benchmarks (scripts/bench/check.ts, pipeline.ts): the
 * repository's settings and clause catalogues, and N controlled documents of the four types with valid
 * frontmatter and Markdown bodies of 300–1,500 words. The same seed always gives the same files, byte for byte.
 *
 * The corpus is generated into a temporary folder at run time and never committed. The history benchmark
 * (scripts/bench/history.ts) writes its documents with the same plan, frontmatter and bodies, one version
 * at a time (planDocuments, bodyWriter, documentFile).
 *
 *   node scripts/bench/generate-corpus.ts --out /tmp/corpus [--documents 5000] [--seed 7101] [--faults 0]
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import yaml from 'js-yaml';
import { addDays } from '../../src/qms/base/dates.ts';
import { makeRandom, type Random } from './random.ts';

export interface CorpusOptions {
  /** How many controlled documents to write (default 5,000). */
  documents?: number;
  /** Seed of the pseudo-random generator: same seed, same corpus (default 7101). */
  seed?: number;
  /** The date the corpus is built around: review states (current, due soon, overdue) hold on this date. */
  asOf?: string;
  /**
   * Documents carrying one deliberate error each (an unknown reference, an unclosed brace, an unknown
   * element, a javascript: link, an unknown related ID, in turn), so the error paths are measured too.
   */
  faults?: number;
  /** The project whose content/settings and content/standards are copied (default: this repository). */
  sourceRoot?: string;
}

export interface CorpusSummary {
  dir: string;
  documents: number;
  byType: Record<DocType, number>;
  /** The state each document was generated for, as of `asOf`. */
  byState: Record<PlannedState, number>;
  supersedesChains: number;
  faults: number;
  words: number;
  bytes: number;
  asOf: string;
  seed: number;
}

type DocType = 'policy' | 'procedure' | 'work-instruction' | 'form';
type PlannedState = 'current' | 'review-due-soon' | 'overdue' | 'not-yet-effective' | 'draft' | 'in-review' | 'obsolete' | 'superseded';

const REPO_ROOT = resolve(import.meta.dirname, '../..');
const DEFAULT_AS_OF = '2026-07-01';

const TYPES: { type: DocType; prefix: string; folder: string; share: number }[] = [
  { type: 'policy', prefix: 'POL', folder: 'policies', share: 0.1 },
  { type: 'procedure', prefix: 'SOP', folder: 'procedures', share: 0.35 },
  { type: 'work-instruction', prefix: 'WI', folder: 'work-instructions', share: 0.3 },
  { type: 'form', prefix: 'FRM', folder: 'forms', share: 0.25 },
];

/** Share of each planned state; superseded chains are made on top, from documents planned as current. */
const STATE_SHARES: [PlannedState, number][] = [
  ['current', 0.75],
  ['review-due-soon', 0.05],
  ['overdue', 0.06],
  ['not-yet-effective', 0.01],
  ['draft', 0.06],
  ['in-review', 0.03],
  ['obsolete', 0.04],
];

// ---- Vocabulary ------------------------------------------------------------------------------------

const DEPARTMENTS = [
  'Emergency Department', 'Intensive Care', 'Theatres', 'Maternity', 'Neonatal Unit', 'Paediatrics', 'Cardiology',
  'Oncology', 'Renal Unit', 'Radiology', 'Pathology', 'Pharmacy', 'Outpatients', 'Day Surgery', 'Acute Medicine',
  'Older People\'s Medicine', 'Stroke Unit', 'Orthopaedics', 'General Surgery', 'Endoscopy', 'Mental Health Liaison',
  'Physiotherapy', 'Estates and Facilities', 'Sterile Services', 'Catering', 'Health Records', 'Information Technology',
  'Human Resources', 'Procurement', 'Finance', 'Patient Experience', 'Community Services',
];

const OWNERS = [
  'Head of Quality Systems', 'Director of Nursing', 'Medical Director', 'Head of Infection Prevention and Control',
  'Chief Pharmacist', 'Head of Estates', 'Head of Patient Safety', 'Matron, Surgical Division', 'Matron, Medical Division',
  'Clinical Director, Emergency Medicine', 'Head of Midwifery', 'Head of Clinical Engineering', 'Head of Health Records',
  'Head of Learning and Development', 'Risk Manager', 'Head of Radiology Services', 'Pathology Quality Manager',
  'Lead Nurse, Critical Care', 'Head of Procurement', 'Information Governance Manager', 'Patient Experience Lead',
  'Resuscitation Lead', 'Safeguarding Lead', 'Theatre Manager', 'Head of Therapies',
];

const APPROVERS = [
  'Director of Quality and Patient Safety', 'Chief Executive', 'Medical Director', 'Director of Nursing',
  'Chief Operating Officer', 'Director of Estates and Facilities', 'Quality and Safety Committee', 'Clinical Governance Committee',
];

/** Subject areas: titles to draw from and the clauses such documents usually map to. */
const AREAS: { name: string; clauses: string[]; subjects: string[] }[] = [
  { name: 'infection prevention', clauses: ['8.1', '8.12'], subjects: ['Hand hygiene', 'Aseptic non-touch technique', 'Isolation precautions', 'Management of MRSA carriers', 'Decontamination of reusable equipment', 'Sharps injury management', 'Outbreak management', 'Peripheral cannula care', 'Urinary catheter care', 'Surgical site infection surveillance', 'Environmental cleaning', 'Personal protective equipment'] },
  { name: 'patient safety', clauses: ['8.12', '6.1.3', '10.2'], subjects: ['Patient identification', 'Falls prevention', 'Pressure ulcer prevention', 'Recognising the deteriorating patient', 'Sepsis screening', 'Venous thromboembolism prevention', 'Safer surgery checklist', 'Management of patient incidents', 'Duty of candour', 'Learning from deaths', 'Restrictive practice'] },
  { name: 'medicines', clauses: ['8.1', '8.9'], subjects: ['Controlled drugs management', 'Medicines reconciliation', 'Intravenous medicines administration', 'Storage of medicines on wards', 'Insulin prescribing', 'Anticoagulation therapy', 'Patient group directions', 'Medicines fridge temperature monitoring', 'Self-administration of medicines'] },
  { name: 'clinical communication', clauses: ['7.4', '7.4.3'], subjects: ['Clinical handover', 'SBAR escalation', 'Discharge summaries', 'Referral between specialties', 'Transfer of patients between sites', 'Communicating critical results'] },
  { name: 'service users', clauses: ['5.4', '7.4.2', '8.10'], subjects: ['Consent to examination and treatment', 'Interpreting and translation', 'Chaperoning', 'Patient property and valuables', 'Complaints and concerns', 'Carer involvement', 'Accessible information', 'Privacy and dignity'] },
  { name: 'access', clauses: ['5.5', '8.9'], subjects: ['Referral to treatment waiting times', 'Outpatient booking', 'Bed management', 'Escalation when the hospital is full', 'Virtual clinics', 'Access for people with disabilities'] },
  { name: 'equipment and facilities', clauses: ['8.2', '8.2.1', '8.2.3'], subjects: ['Medical device training', 'Planned preventive maintenance', 'Defibrillator checks', 'Infusion pump management', 'Electrical safety testing', 'Medical gases', 'Water safety', 'Ventilation in clinical areas', 'Lifting equipment inspection'] },
  { name: 'contingency', clauses: ['8.2.2', '6.1.3'], subjects: ['Major incident response', 'Loss of electrical power', 'Electronic patient record downtime', 'Severe weather', 'Fire evacuation of inpatient areas', 'Loss of water supply', 'Pandemic surge'] },
  { name: 'waste', clauses: ['8.3', '8.3.1'], subjects: ['Clinical waste segregation', 'Sharps disposal', 'Pharmaceutical waste', 'Cytotoxic waste', 'Spill management', 'Waste transfer notes'] },
  { name: 'people', clauses: ['7.2', '7.3', '5.3'], subjects: ['Induction of new staff', 'Mandatory training', 'Competency assessment', 'Supervision of students', 'Revalidation support', 'Agency and bank staff orientation', 'Role descriptions and delegation'] },
  { name: 'records', clauses: ['7.5', '7.5.4', '7.5.5'], subjects: ['Health records management', 'Clinical coding', 'Access to health records', 'Retention and destruction of records', 'Scanning of paper records', 'Information security incidents'] },
  { name: 'governance', clauses: ['4.1', '4.2', '5.1', '6.2', '9.1', '9.3'], subjects: ['Clinical governance framework', 'Quality dashboard', 'Clinical audit', 'Board assurance', 'Stakeholder engagement', 'Performance review meetings'] },
  { name: 'improvement', clauses: ['10.1', '10.2', '9.2'], subjects: ['Quality improvement projects', 'Root cause analysis', 'Corrective and preventive action', 'Internal audit', 'Peer review', 'Benchmarking'] },
  { name: 'external providers', clauses: ['8.1', '6.3', '4.2'], subjects: ['Selection of external providers', 'Contract monitoring', 'Outsourced laboratory services', 'Temporary staffing agencies', 'Product recalls and safety alerts'] },
  { name: 'diagnostics', clauses: ['8.1', '8.9'], subjects: ['Blood sample labelling', 'Blood transfusion', 'Point-of-care testing', 'Imaging requests', 'Radiation protection', 'Specimen transport'] },
  { name: 'ethics', clauses: ['8.11', '5.1'], subjects: ['Clinical ethics consultation', 'Research governance', 'Conflicts of interest', 'Gifts and hospitality', 'Freedom to speak up', 'End of life care decisions'] },
];

const TYPE_TITLE: Record<DocType, ((subject: string) => string)[]> = {
  policy: [(s) => `${s} policy`, (s) => `Policy on ${lower(s)}`],
  procedure: [(s) => s, (s) => `${s} procedure`, (s) => `Managing ${lower(s)}`],
  'work-instruction': [(s) => `${s}: step by step`, (s) => `Checking ${lower(s)}`, (s) => `${s} at the bedside`, (s) => `How to record ${lower(s)}`],
  form: [(s) => `${s} record`, (s) => `${s} checklist`, (s) => `${s} log`, (s) => `${s} request form`],
};

const ROLES = ['the nurse in charge', 'the registered nurse', 'the consultant', 'the ward manager', 'the pharmacist', 'the duty manager', 'the document owner', 'the clinical lead', 'the healthcare assistant', 'the matron', 'the site manager', 'the department manager', 'the infection prevention nurse', 'the auditor', 'the porter', 'the midwife in charge'];
const OBJECTS = ['the equipment', 'the patient\'s wristband', 'the checklist', 'the electronic record', 'the medicines trolley', 'the risk assessment', 'the care plan', 'the incident report', 'the referral', 'the specimen', 'the consent form', 'the handover sheet', 'the audit results', 'the training record', 'the resuscitation trolley', 'the waste container'];
const ACTIONS = ['checks', 'records', 'reviews', 'confirms', 'signs', 'updates', 'escalates', 'reports', 'files', 'verifies', 'discusses', 'completes'];
const TIMES = ['at the start of every shift', 'within 24 hours', 'before the procedure starts', 'every week', 'at least once a month', 'before discharge', 'on admission', 'within one working day', 'as soon as it is noticed', 'at every handover', 'each quarter', 'before the patient leaves the department'];
const OUTCOMES = ['so that nothing is missed', 'so that the next shift knows what to expect', 'to keep patients safe', 'as the law requires', 'so that trends can be seen early', 'so that the record is complete', 'to protect staff and visitors', 'so that the cause can be found and fixed', 'so that care is not delayed'];
const CONDITIONS = ['If the patient cannot confirm their details', 'If the result is outside the expected range', 'If the equipment fails its check', 'If a step cannot be completed', 'When a concern is raised', 'When the patient is transferred', 'If the record is incomplete', 'When staffing is below the planned level'];
const ABBREVIATIONS: [string, string][] = [['NEWS2', 'National Early Warning Score 2'], ['SBAR', 'Situation, Background, Assessment, Recommendation'], ['PPE', 'personal protective equipment'], ['VTE', 'venous thromboembolism'], ['EPR', 'electronic patient record'], ['RCA', 'root cause analysis'], ['MDT', 'multidisciplinary team'], ['ICU', 'intensive care unit']];

// ---- Text helpers ----------------------------------------------------------------------------------

function lower(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60).replace(/-$/, '');
}

/** Where a document is kept: its type's folder, and a file name of its ID and title. */
export function documentPath(p: Plan): string {
  return `content/docs/${p.folder}/${p.id}-${slug(p.title)}.mdx`;
}

// ---- The plan: every document's metadata, before any text is written ------------------------------

export interface Plan {
  id: string;
  type: DocType;
  folder: string;
  area: (typeof AREAS)[number];
  title: string;
  state: PlannedState;
  version: number;
  owner: string;
  approver: string;
  clauses: Set<string>;
  departments: string[];
  related: string[];
  supersedes: string[];
  documentedInformation: string[];
  /** Index of the deliberate fault, or -1. */
  fault: number;
}

interface CatalogueInfo {
  clauseIds: Set<string>;
  /** Confirmed clauses without confirmed subclauses: these must be covered. */
  requiredLeaves: string[];
  items: { id: string; clause: string; kind: string; required: boolean }[];
}

function readCatalogue(file: string): CatalogueInfo {
  const data = yaml.load(readFileSync(file, 'utf8')) as {
    clauses: { id: string; title: string | null; evidence: string }[];
    documented_information?: { id: string; clause: string; kind: string; required: boolean }[];
  };
  const confirmed = new Set(data.clauses.filter((c) => c.title !== null && (c.evidence === 'toc' || c.evidence === 'structure')).map((c) => String(c.id)));
  const requiredLeaves = [...confirmed].filter((id) => ![...confirmed].some((other) => other.startsWith(`${id}.`)));
  return {
    clauseIds: new Set(data.clauses.map((c) => String(c.id))),
    requiredLeaves,
    items: (data.documented_information ?? []).map((i) => ({ ...i, clause: String(i.clause) })),
  };
}

function groupBy<K>(plans: Plan[], key: (p: Plan) => K): Map<K, Plan[]> {
  const groups = new Map<K, Plan[]>();
  for (const p of plans) {
    const group = groups.get(key(p));
    if (group) group.push(p);
    else groups.set(key(p), [p]);
  }
  return groups;
}

/** The catalogue file of the settings' primary standard: plain clause numbers in documents refer to it. */
function primaryCatalogueFile(root: string): string {
  const settings = yaml.load(readFileSync(join(root, 'content/settings/organization.yaml'), 'utf8')) as { primary_standard?: string } | null;
  const primary = settings?.primary_standard ?? 'iso-7101-2023';
  const dir = join(root, 'content/standards');
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const file = files.find((f) => (yaml.load(readFileSync(join(dir, f), 'utf8')) as { id?: string } | null)?.id === primary);
  if (!file) throw new Error(`no catalogue with id ${primary} in ${dir}`);
  return join(dir, file);
}

function pickState(random: Random): PlannedState {
  let r = random.next();
  for (const [state, share] of STATE_SHARES) {
    if ((r -= share) < 0) return state;
  }
  return 'current';
}

const COVERING: ReadonlySet<PlannedState> = new Set(['current', 'review-due-soon']);

/** A title for a document of `type` on one of the subjects of `area`. */
export function titleFor(type: DocType, area: Plan['area'], random: Random): string {
  const subject = random.pick(area.subjects);
  return random.pick(TYPE_TITLE[type])(subject);
}

/**
 * Plans `count` documents against the primary catalogue of `sourceRoot`: types, titles, planned states,
 * clauses that cover the catalogue, documented information, supersession chains and related documents.
 */
export function planDocuments(count: number, random: Random, sourceRoot = REPO_ROOT): Plan[] {
  return planCorpus(count, random, readCatalogue(primaryCatalogueFile(sourceRoot)));
}

function planCorpus(count: number, random: Random, catalogue: CatalogueInfo): Plan[] {
  const plans: Plan[] = [];
  const counters = new Map<string, number>();
  const titles = new Set<string>();
  const validClauses = (ids: string[]) => ids.filter((id) => catalogue.clauseIds.has(id));
  const allClauses = [...catalogue.clauseIds];

  for (let i = 0; i < count; i++) {
    let r = random.next();
    const kind = TYPES.find((t) => (r -= t.share) < 0) ?? TYPES[TYPES.length - 1];
    const n = (counters.get(kind.prefix) ?? 0) + 1;
    counters.set(kind.prefix, n);
    const area = random.pick(AREAS);
    let title = titleFor(kind.type, area, random);
    const departments = random.chance(0.35) ? [] : random.sample(DEPARTMENTS, random.int(1, 3));
    if (titles.has(title)) title = `${title} – ${departments[0] ?? random.pick(DEPARTMENTS)}`;
    for (let k = 2; titles.has(title); k++) title = `${title.replace(/ \(\d+\)$/, '')} (${k})`;
    titles.add(title);
    const areaClauses = validClauses(area.clauses);
    const clauses = new Set(random.sample(areaClauses.length > 0 ? areaClauses : allClauses, random.int(1, Math.min(3, Math.max(1, areaClauses.length)))));
    if (random.chance(0.15)) clauses.add(random.pick(allClauses));
    plans.push({
      id: `${kind.prefix}-${String(n).padStart(4, '0')}`,
      type: kind.type,
      folder: kind.folder,
      area,
      title,
      state: pickState(random),
      version: random.int(1, 8),
      owner: random.pick(OWNERS),
      approver: random.pick(APPROVERS),
      clauses,
      departments,
      related: [],
      supersedes: [],
      documentedInformation: [],
      fault: -1,
    });
  }

  // Supersession chains of 2–4 documents of one type: the newest is in force, the older ones withdrawn
  // (a few of them still marked approved, which the checker warns about).
  let chains = 0;
  const byType = groupBy(plans, (p) => p.type);
  for (const group of byType.values()) {
    for (let i = 0; i + 4 < group.length; i += random.int(25, 40)) {
      const length = random.int(2, 4);
      const chain = group.slice(i, i + length);
      chain.forEach((p, k) => {
        p.title = chain[chain.length - 1].title.replace(/ \(\d+\)$/, '') + (k < chain.length - 1 ? ` (edition ${k + 1})` : '');
        p.area = chain[chain.length - 1].area;
        if (k > 0) p.supersedes = [chain[k - 1].id];
        p.state = k === chain.length - 1 ? 'current' : random.chance(0.1) ? 'superseded' : 'obsolete';
      });
      chains++;
    }
  }

  // Every clause that must be covered gets at least one current document.
  const current = plans.filter((p) => p.state === 'current' && p.type !== 'form');
  catalogue.requiredLeaves.forEach((clause, i) => {
    current[(i * 7919) % current.length]?.clauses.add(clause);
  });

  // Documented information: each item is declared by one or two current policies or procedures mapped to
  // its clause; records are also declared by forms, as the place where they are kept.
  const keepers = plans.filter((p) => p.state === 'current' && (p.type === 'policy' || p.type === 'procedure'));
  for (const item of catalogue.items) {
    if (!catalogue.clauseIds.has(item.clause)) continue;
    for (const p of random.sample(keepers, random.int(1, 2))) {
      p.documentedInformation.push(item.id);
      p.clauses.add(item.clause);
    }
  }
  const records = catalogue.items.filter((i) => i.kind === 'record' && catalogue.clauseIds.has(i.clause));
  for (const p of plans) {
    if (p.type === 'form' && records.length > 0 && random.chance(0.3)) {
      const item = random.pick(records);
      if (!p.documentedInformation.includes(item.id)) p.documentedInformation.push(item.id);
      p.clauses.add(item.clause);
    }
  }

  // Related documents: mostly from the same subject area.
  const byArea = groupBy(plans, (p) => p.area.name);
  for (const p of plans) {
    const pool = byArea.get(p.area.name)!;
    const related = new Set<string>();
    for (let k = random.int(0, 4); k > 0; k--) {
      const other = random.chance(0.8) ? random.pick(pool) : random.pick(plans);
      if (other.id !== p.id && !p.supersedes.includes(other.id)) related.add(other.id);
    }
    p.related = [...related].sort();
  }
  return plans;
}

// ---- Frontmatter ------------------------------------------------------------------------------------

function yamlString(text: string): string {
  return /^[A-Za-z0-9(][^:#'"\[\]{},&*!|>%@`]*$/.test(text) && !/\s$/.test(text) ? text : JSON.stringify(text);
}

/**
 * What one version of a document states in its frontmatter besides its plan: the history benchmark
 * writes a document's versions one after another, the corpus the one it is at on the as-of date.
 */
export interface Edition {
  version: number;
  status: 'draft' | 'in-review' | 'approved' | 'obsolete';
  /** A first draft may not name its owner yet. */
  ownerNamed: boolean;
  /** Authors write a YAML list both ways: `[a, b]` on one line, or one `- item` a line. */
  departmentsStyle: 'flow' | 'block';
  /** The approval of this version, with the plan's approver; none while it is drafted or in review. */
  approval?: { approved: string; effective: string; reviewBy?: string; withdrawn?: string };
  changeSummary?: string;
}

const STATUS_OF: Record<PlannedState, Edition['status']> = {
  current: 'approved',
  'review-due-soon': 'approved',
  overdue: 'approved',
  'not-yet-effective': 'approved',
  superseded: 'approved',
  obsolete: 'obsolete',
  draft: 'draft',
  'in-review': 'in-review',
};

/** Approval, effective and review dates that put a document in its planned state on `asOf`. */
function plannedApproval(state: PlannedState, random: Random, asOf: string): Edition['approval'] {
  const review = (reviewBy: string | undefined, effective: string) => {
    const approved = addDays(effective, -random.int(0, 21));
    return { approved, effective, reviewBy };
  };
  switch (state) {
    case 'current': {
      const effective = addDays(asOf, -random.int(10, 500));
      const approval = review(addDays(asOf, random.int(90, 1000)), effective);
      // About a third leave review_by out: the settings' interval (24 or 36 months) keeps them current.
      if (random.chance(0.3)) approval.reviewBy = undefined;
      return approval;
    }
    case 'review-due-soon': {
      const reviewBy = addDays(asOf, random.int(1, 55));
      return review(reviewBy, addDays(reviewBy, -random.int(365, 1095)));
    }
    case 'overdue': {
      const reviewBy = addDays(asOf, -random.int(1, 400));
      return review(reviewBy, addDays(reviewBy, -random.int(365, 1095)));
    }
    case 'not-yet-effective': {
      const effective = addDays(asOf, random.int(1, 30));
      return { approved: addDays(asOf, -random.int(0, 14)), effective, reviewBy: addDays(effective, 730) };
    }
    case 'superseded': {
      const effective = addDays(asOf, -random.int(400, 1400));
      return review(addDays(asOf, random.int(90, 400)), effective);
    }
    case 'obsolete': {
      const effective = addDays(asOf, -random.int(400, 1800));
      return { ...review(addDays(effective, 730), effective), withdrawn: addDays(effective, random.int(100, 380)) };
    }
    default:
      return undefined; // draft, in-review
  }
}

/** What changed in a version, as a document controller would put it. */
export function changeSummaryFor(p: Plan, random: Random): string {
  return `Updated the ${lower(random.pick(p.area.subjects))} steps after the ${random.pick(['annual review', 'internal audit', 'incident review', 'service change', 'staff consultation'])}.`;
}

/** The version a planned document is at on `asOf`: a draft or a document in review is the version after its planned one. */
function plannedEdition(p: Plan, random: Random, asOf: string): Edition {
  const approval = plannedApproval(p.state, random, asOf);
  const status = STATUS_OF[p.state];
  return {
    version: status === 'draft' || status === 'in-review' ? Math.max(1, p.version - 1) : p.version,
    status,
    ownerNamed: status !== 'draft' || random.chance(0.7),
    departmentsStyle: random.chance(0.5) ? 'flow' : 'block',
    approval,
    changeSummary: status !== 'draft' && p.version > 1 ? changeSummaryFor(p, random) : undefined,
  };
}

function frontmatter(p: Plan, edition: Edition): string {
  const lines = [`id: ${p.id}`, `title: ${yamlString(p.title)}`, `type: ${p.type}`, `version: ${edition.version}`, `status: ${edition.status}`];
  lines.push(`summary: ${yamlString(`How ${p.area.name} is handled for ${lower(p.title)}, and who is responsible.`)}`);
  if (edition.ownerNamed) lines.push(`owner: ${yamlString(p.owner)}`);
  const { approval } = edition;
  if (approval) {
    lines.push(`approver: ${yamlString(p.approver)}`, `approved: ${approval.approved}`, `effective: ${approval.effective}`);
    if (approval.reviewBy) lines.push(`review_by: ${approval.reviewBy}`);
    if (approval.withdrawn) lines.push(`withdrawn: ${approval.withdrawn}`);
  }
  const clauses = [...p.clauses].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  lines.push(`clauses: [${clauses.map((c) => `"${c}"`).join(', ')}]`);
  if (edition.departmentsStyle === 'flow' || p.departments.length === 0) {
    lines.push(`departments: [${p.departments.map(yamlString).join(', ')}]`);
  } else {
    lines.push('departments:', ...p.departments.map((d) => `  - ${yamlString(d)}`));
  }
  if (p.related.length > 0) lines.push(`related: [${p.related.join(', ')}]`);
  if (p.supersedes.length > 0) lines.push(`supersedes: [${p.supersedes.join(', ')}]`);
  if (edition.changeSummary) lines.push(`change_summary: ${yamlString(edition.changeSummary)}`);
  if (p.documentedInformation.length > 0) lines.push(`documented_information: [${p.documentedInformation.join(', ')}]`);
  return `---\n${lines.join('\n')}\n---\n`;
}

/** A document file: the frontmatter of its plan at `edition`, then the body's Markdown blocks. */
export function documentFile(p: Plan, edition: Edition, blocks: readonly string[]): string {
  return `${frontmatter(p, edition)}\n${blocks.join('\n\n')}\n`;
}

// ---- Body ------------------------------------------------------------------------------------------

interface BodyContext {
  random: Random;
  plan: Plan;
  byId: ReadonlyMap<string, Plan>;
  all: readonly Plan[];
}

function sentence(c: BodyContext): string {
  const { random } = c;
  const role = random.pick(ROLES);
  const templates = [
    () => `${cap(role)} ${random.pick(ACTIONS)} ${random.pick(OBJECTS)} ${random.pick(TIMES)} ${random.pick(OUTCOMES)}.`,
    () => `${random.pick(CONDITIONS)}, ${role} ${random.pick(ACTIONS)} ${random.pick(OBJECTS)} and tells ${random.pick(ROLES)}.`,
    () => `This applies in ${random.pick(DEPARTMENTS)} and wherever ${lower(random.pick(c.plan.area.subjects))} is part of care.`,
    () => `Staff follow ${docLink(c, true)} ${random.pick(TIMES)}.`,
    () => `Any deviation is reported through ${docLink(c, false)} ${random.pick(OUTCOMES)}.`,
    () => `${cap(random.pick(OBJECTS))} must be **complete and legible** before ${random.pick(ROLES)} ${random.pick(ACTIONS)} it.`,
    () => `Use the *current* version only; printed copies are uncontrolled ${random.pick(TIMES)}.`,
    () => `Where ${abbr(c)} is used, ${role} ${random.pick(ACTIONS)} the score ${random.pick(TIMES)}.`,
    () => `Record the outcome in the \`${random.pick(['Observations', 'Care plan', 'Incident', 'Audit', 'Training'])}\` section of the record ${random.pick(OUTCOMES)}.`,
    () => `Questions about ${lower(random.pick(c.plan.area.subjects))} go to ${random.pick(OWNERS)} (see ${randomDoc(c).id}).`,
  ];
  return random.pick(templates)();
}

function cap(text: string): string {
  return text[0].toUpperCase() + text.slice(1);
}

function abbr(c: BodyContext): string {
  const [short, long] = c.random.pick(ABBREVIATIONS);
  return c.random.chance(0.5) ? `<abbr title="${long}">${short}</abbr>` : short;
}

function randomDoc(c: BodyContext): Plan {
  const related = c.plan.related;
  const chosen = related.length > 0 && c.random.chance(0.6) ? c.byId.get(c.random.pick(related)) : undefined;
  return chosen ?? c.random.pick(c.all);
}

function docLink(c: BodyContext, withTitle: boolean): string {
  const d = randomDoc(c);
  return `[${withTitle ? `${d.id} ${d.title}` : d.id}](/docs/${d.id}/)`;
}

function paragraph(c: BodyContext, sentences = c.random.int(2, 5)): string {
  return Array.from({ length: sentences }, () => sentence(c)).join(' ');
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

const SECTIONS: Record<DocType, string[]> = {
  policy: ['Purpose', 'Scope', 'Policy statement', 'Responsibilities', 'Training', 'Monitoring compliance', 'Equality and accessibility', 'References'],
  procedure: ['Purpose', 'Scope', 'Responsibilities', 'Definitions', 'Procedure', 'Escalation', 'Records', 'Monitoring'],
  'work-instruction': ['Before you start', 'Equipment', 'Steps', 'If something goes wrong', 'Records'],
  form: ['How to use this form', 'Fields', 'After completion', 'Retention'],
};

function table(c: BodyContext): string {
  const { random } = c;
  const rows = Array.from({ length: random.int(3, 6) }, () => `| ${cap(random.pick(ROLES))} | ${cap(random.pick(ACTIONS))} ${random.pick(OBJECTS)} | ${cap(random.pick(TIMES))} | ${randomDoc(c).id} |`);
  return ['| Who | What | When | See |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function list(c: BodyContext, ordered: boolean): string {
  return Array.from({ length: c.random.int(3, 8) }, (_, i) => `${ordered ? `${i + 1}.` : '-'} ${sentence(c)}`).join('\n');
}

/** A section's Markdown blocks: its heading, a paragraph, and now and then a list, subsection or component. */
function section(c: BodyContext, heading: string): string[] {
  const { random } = c;
  const parts = [`## ${heading}`, paragraph(c)];
  const roll = random.next();
  if (roll < 0.3) parts.push(list(c, heading === 'Procedure' || heading === 'Steps'));
  else if (roll < 0.4) parts.push(`### ${cap(lower(random.pick(c.plan.area.subjects)))}`, paragraph(c));
  else if (roll < 0.47) parts.push(`<Callout type="${random.pick(['note', 'warning', 'danger'])}" title="${random.pick(['Important', 'Patient safety', 'Before you start', 'Remember'])}">\n${paragraph(c, 2)}\n</Callout>`);
  else if (roll < 0.5) parts.push(`<details>\n<summary>${random.pick(['Background', 'Worked example', 'Why this matters'])}</summary>\n\n${paragraph(c, 2)}\n\n</details>`);
  return parts;
}

/** The Markdown blocks of a body of about `target` words: the type's sections, then more until the length is reached. */
function body(c: BodyContext, target: number): string[] {
  const { random, plan } = c;
  const sections = SECTIONS[plan.type];
  const out: string[] = [...section(c, sections[0]), table(c)];
  let count = words(out.join(' '));
  for (let i = 1; i < sections.length && count < target; i++) {
    const blocks = section(c, sections[i]);
    out.push(...blocks);
    count += words(blocks.join(' '));
  }
  while (count < target) {
    const text = random.chance(0.3) ? list(c, random.chance(0.5)) : paragraph(c);
    out.push(text);
    count += words(text);
  }
  if (plan.related.length > 0) {
    out.push('## Related documents', plan.related.map((id) => `- [${id} ${c.byId.get(id)?.title ?? 'Withdrawn checklist'}](/docs/${id}/)`).join('\n'));
  }
  return out;
}

/** A prose paragraph starts with a capital letter; headings, lists, tables and components do not. */
const isParagraph = (block: string) => /^[A-Z]/.test(block);

/**
 * Writes the bodies of planned documents, each as its Markdown blocks: their links and mentions point at
 * other documents of the same plan.
 */
export function bodyWriter(plans: readonly Plan[], random: Random) {
  const byId = new Map(plans.map((p) => [p.id, p]));
  const context = (plan: Plan): BodyContext => ({ random, plan, byId, all: plans });
  return {
    // 300 to 1,350 words asked: the last section and the related list take a body to at most about 1,500.
    body: (plan: Plan): string[] => body(context(plan), random.int(300, 1350)),
    /** The blocks with one paragraph rewritten, as an author edits the text of a document. */
    rewriteParagraph: (plan: Plan, blocks: readonly string[]): string[] => {
      const paragraphs = blocks.flatMap((block, i) => (isParagraph(block) ? [i] : []));
      return blocks.with(random.pick(paragraphs), paragraph(context(plan)));
    },
  };
}
export type BodyWriter = ReturnType<typeof bodyWriter>;

/** One deliberate error, different in turn, so each error path of the checker is measured. */
function faultLine(p: Plan): string | undefined {
  switch (p.fault % 5) {
    case 0: return 'The old checklist was replaced by SOP-99999 last year.';
    case 1: return 'The target is {95% compliance for every ward.';
    case 2: return '<div>Ask the ward clerk for the key.</div>';
    case 3: return 'See [the intranet page](javascript:alert(1)) for the rota.';
    default: return undefined; // the related ID is broken in the frontmatter instead (see generateCorpus)
  }
}

// ---- Writing -------------------------------------------------------------------------------------------

/**
 * A hospital network has more departments than the sample: the corpus's settings list every department its
 * documents name, or the checker (QMS032) and the build would refuse them all.
 */
function withDepartments(settingsFile: string): void {
  const settings = yaml.load(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(settingsFile, yaml.dump({ ...settings, departments: [...DEPARTMENTS].sort() }));
}

/** Writes the corpus into `dir` (which may exist) and returns what was written. */
export function generateCorpus(dir: string, options: CorpusOptions = {}): CorpusSummary {
  const count = options.documents ?? 5000;
  const seed = options.seed ?? 7101;
  const asOf = options.asOf ?? DEFAULT_AS_OF;
  const source = options.sourceRoot ?? REPO_ROOT;
  const random = makeRandom(seed);

  mkdirSync(join(dir, 'content'), { recursive: true });
  cpSync(join(source, 'content/settings'), join(dir, 'content/settings'), { recursive: true });
  cpSync(join(source, 'content/standards'), join(dir, 'content/standards'), { recursive: true });
  withDepartments(join(dir, 'content/settings/organization.yaml'));

  const plans = planDocuments(count, random, source);
  // Faults go on drafts and documents in review, spread over the corpus, so coverage, documented
  // information and supersession are untouched.
  const unapproved = plans.filter((p) => p.state === 'draft' || p.state === 'in-review');
  const faults = Math.min(options.faults ?? 0, unapproved.length);
  for (let k = 0; k < faults; k++) {
    const p = unapproved[Math.floor(((k + 0.5) * unapproved.length) / faults)];
    p.fault = k;
    if (k % 5 === 4) p.related = [...p.related, 'WI-99999'];
  }

  const writer = bodyWriter(plans, random);
  for (const t of TYPES) mkdirSync(join(dir, 'content/docs', t.folder), { recursive: true });
  const byType = { policy: 0, procedure: 0, 'work-instruction': 0, form: 0 } as Record<DocType, number>;
  const byState = { current: 0, 'review-due-soon': 0, overdue: 0, 'not-yet-effective': 0, draft: 0, 'in-review': 0, obsolete: 0, superseded: 0 } as Record<PlannedState, number>;
  let totalWords = 0;
  let bytes = 0;
  for (const p of plans) {
    const blocks = writer.body(p);
    const fault = p.fault >= 0 ? faultLine(p) : undefined;
    if (fault) blocks.push(fault);
    totalWords += words(blocks.join(' '));
    const file = documentFile(p, plannedEdition(p, random, asOf), blocks);
    bytes += Buffer.byteLength(file);
    writeFileSync(join(dir, documentPath(p)), file);
    byType[p.type]++;
    byState[p.state]++;
  }
  const superseded = new Set(plans.flatMap((p) => p.supersedes));
  const supersedesChains = plans.filter((p) => p.supersedes.length > 0 && !superseded.has(p.id)).length;
  return { dir, documents: plans.length, byType, byState, supersedesChains, faults, words: totalWords, bytes, asOf, seed };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      documents: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '7101' },
      faults: { type: 'string', default: '0' },
      'as-of': { type: 'string', default: DEFAULT_AS_OF },
    },
    strict: true,
  });
  if (!values.out) {
    process.stderr.write('Usage: node scripts/bench/generate-corpus.ts --out DIR [--documents N] [--seed S] [--faults F] [--as-of YYYY-MM-DD]\n');
    process.exit(2);
  }
  const summary = generateCorpus(resolve(values.out), { documents: Number(values.documents), seed: Number(values.seed), faults: Number(values.faults), asOf: values['as-of'] });
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}
