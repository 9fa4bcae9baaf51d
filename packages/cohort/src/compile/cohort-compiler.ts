import { WELL_KNOWN_CONCEPTS } from '@parcours/core';
import {
  addDays,
  and,
  as,
  between,
  binary,
  caseWhen,
  col,
  count,
  cte,
  derivedTable,
  eq,
  except,
  exists,
  extract,
  fn,
  gte,
  inList,
  inQuery,
  innerJoin,
  intersect,
  leftJoin,
  literal,
  lt,
  lte,
  notExists,
  or,
  over,
  param,
  rowNumber,
  select,
  table,
  union,
  unionAll,
  type CteNode,
  type ExpressionNode,
  type QueryNode,
  type TableRefNode,
} from '@parcours/store';
import { type DrugClass, DRUG_CLASSES } from '../oncology/drug-class.js';
import { DRUG_EXPOSURE_ID_FIELD_CONCEPT_ID } from '../oncology/line-episode-rows.js';
import { type ConceptCode } from '../definition/concept-code.js';
import {
  type BiomarkerSpec,
  type CodesSpec,
  type Criterion,
  type DiagnosisSpec,
  type EntryEvent,
  type LineSpec,
  type MeasurementSpec,
  type PeriodSpec,
  type RegimenClass,
  type StageSpec,
  type TimeWindow,
  type ValueRange,
  ENTRY_KINDS,
} from '../definition/cohort-definition.js';
import { type CohortSource, type PathSegment, formatPath } from '../definition/definition-issue.js';
import { expandStage, stageConceptCode } from '../definition/stage-groups.js';
import { atcClassPrefixes } from './atc-class-prefixes.js';
import { type ResolvedConceptSet, type VocabularyCheck, codeMatch, conceptSetKey, conceptSetQuery, inConceptSet, resolveConceptSetRef } from './concept-sets.js';

const C = WELL_KNOWN_CONCEPTS;

/** A resolved concept set larger than this stays a sub-query rather than a list of bound ids. */
const MAX_BOUND_IDS = 1_000;

/** The state of the stage being compiled. */
interface StageScope {
  readonly name: string;
  /** CTE of the rows the stage's criteria see; null for the entry event (every patient). */
  readonly input: string | null;
  /** The entry's line number: an entry on line N reads only lines N. */
  readonly lineNumber?: number;
  /** CTEs scoped to the stage's patients (their lines, line drugs, stage records), by what they hold. */
  readonly ctes: Map<string, CteNode>;
}

/**
 * Records of a tumour's work-up (histology, topography, stage at diagnosis) belong to a diagnosis when dated within
 * this many days of it, before or after: pathology often precedes the coded diagnosis, staging follows it.
 */
export const DIAGNOSIS_WORKUP_DAYS = 90;

/** The aliases a criterion is evaluated against: the index event and its person. */
const IE = 'ie';
const PERSON = 'p';

/** CTEs shared by every cohort of one compilation (the ATC class table), created once. */
export class SharedCtes {
  readonly ctes: CteNode[] = [];
  private readonly names = new Set<string>();

  /** Adds a CTE unless one of that name exists; returns the name. */
  once(name: string, build: () => QueryNode, columns?: readonly string[]): string {
    if (!this.names.has(name)) {
      this.names.add(name);
      this.ctes.push(cte(name, build(), columns));
    }
    return name;
  }
}

/**
 * A dated source of events, before it is tied to an index date. An event matches when every condition holds and
 * at least one of the alternatives (the concept columns a set may be found in: standard or source concept). The
 * alternatives stay separate queries where they can, so that each filters its table on one column, which engines
 * push into the scan; an OR across two columns would read every row.
 */
interface EventSource {
  readonly from: TableRefNode;
  readonly alias: string;
  readonly date: ExpressionNode;
  readonly conditions: ExpressionNode[];
  readonly alternatives: ExpressionNode[];
}

/**
 * Compiles one definition's parts into syntax-tree pieces: concept-set CTEs, event sources, and criteria as sets of
 * the index events (`ie`, with the person row `p` for demographics) of a stage that satisfy them. Names of the CTEs
 * it creates start with `prefix`, so that several cohorts (a combination) compile into one query.
 */
export class CohortCompiler {
  readonly ctes: CteNode[] = [];
  readonly checks: VocabularyCheck[] = [];
  /** Names of the concept-set CTEs (concept sets, genes, fusions), in creation order. */
  readonly setNames: string[] = [];
  /** Whether a criterion or the entry reads lines of therapy (which must then be in the warehouse). */
  readsLines = false;
  private readonly sets = new Map<string, string>();
  private readonly checkedPaths = new Set<string>();
  private aliasCount = 0;
  /** The stage being compiled: the rows its criteria see, and the CTEs scoped to them once needed. */
  private scope: StageScope = { name: 'entry', input: null, ctes: new Map() };
  readonly source: CohortSource;
  readonly prefix: string;
  private readonly shared: SharedCtes;
  private readonly resolution: ReadonlyMap<string, readonly number[]>;

  /**
   * `resolution`: concept ids of concept-set CTEs already read from the warehouse (by CTE name). A resolved set is
   * written as a list of bound ids, which engines filter in the table scan; an unresolved one as a sub-query.
   */
  constructor(source: CohortSource, prefix: string, shared: SharedCtes, resolution: ReadonlyMap<string, readonly number[]> = new Map()) {
    this.source = source;
    this.prefix = prefix;
    this.shared = shared;
    this.resolution = resolution;
  }

  /**
   * `expr in (<the set's ids>)`, or `expr in (select concept_id from <set>)` when it is not resolved (or very
   * large). A list of several ids also gets `expr between <smallest> and <largest>`: DuckDB filters a range inside
   * the table scan, before reading other columns, where it checks an IN list only after the scan.
   */
  private inSet(expression: ExpressionNode, setName: string): ExpressionNode {
    const ids = this.resolution.get(setName);
    if (ids === undefined || ids.length > MAX_BOUND_IDS) return inConceptSet(expression, setName);
    if (ids.length <= 1) return inList(expression, ids);
    return and(between(expression, param(Math.min(...ids)), param(Math.max(...ids))), inList(expression, ids));
  }

  private alias(stem: string): string {
    return `${stem}${++this.aliasCount}`;
  }

  /**
   * Starts compiling a stage named `name` whose criteria see the rows of `input` (null: every patient, for the
   * entry event). Line criteria of the stage read the drugs of the lines of those patients only, from one CTE.
   */
  beginStage(name: string, input: string | null, lineNumber?: number): void {
    this.scope = { name, input, ...(lineNumber === undefined ? {} : { lineNumber }), ctes: new Map() };
  }

  /** Ends the stage: the CTEs it needs before its own. */
  endStage(): CteNode[] {
    return [...this.scope.ctes.values()];
  }

  /** A CTE of the current stage, `<stage>_<what>`, created on first use. */
  private scoped(what: string, build: (persons: ExpressionNode[]) => QueryNode): string {
    const scope = this.scope;
    const existing = scope.ctes.get(what);
    if (existing !== undefined) return existing.name;
    const input = scope.input;
    const persons = (column: ExpressionNode): ExpressionNode[] => (input === null ? [] : [inQuery(column, select([col('person_id')], table(input)))]);
    const node = cte(`${this.prefix}${scope.name}_${what}`, build([...persons(col('person_id', 'x'))]));
    scope.ctes.set(what, node);
    return node.name;
  }

  /**
   * `<stage>_line`: the lines of therapy (Treatment Regimen episodes) of the stage's patients — and of line N only
   * for an entry event on line N — read once for every line criterion of the stage.
   */
  private lines(): string {
    this.readsLines = true;
    const lineNumber = this.scope.lineNumber;
    return this.scoped('line', (persons) =>
      select(
        [col('episode_id', 'x'), col('person_id', 'x'), col('episode_number', 'x'), col('episode_start_date', 'x'), col('episode_source_value', 'x')],
        table('episode', 'x'),
        and(eq(col('episode_concept_id', 'x'), literal(C.EPISODE.treatmentRegimen)), ...persons, ...(lineNumber === undefined ? [] : [eq(col('episode_number', 'x'), param(lineNumber))])),
      ),
    );
  }

  /**
   * `<stage>_line_drug (episode_id, drug_concept_id, drug_source_concept_id)`: the drug exposures of those lines
   * (EPISODE_EVENT → DRUG_EXPOSURE), joined once for every line criterion of the stage.
   */
  private lineDrugs(): string {
    const lines = this.lines();
    return this.scoped('line_drug', () =>
      select([col('episode_id', 'ee'), col('drug_concept_id', 'de'), col('drug_source_concept_id', 'de')], table('episode_event', 'ee'), and(eq(col('episode_event_field_concept_id', 'ee'), literal(DRUG_EXPOSURE_ID_FIELD_CONCEPT_ID)), inQuery(col('episode_id', 'ee'), select([col('episode_id')], table(lines)))), {
        joins: [innerJoin(table('drug_exposure', 'de'), eq(col('drug_exposure_id', 'de'), col('event_id', 'ee')))],
      }),
    );
  }

  /** `<stage>_stage_record`: the stage-group records (clinical or pathological) of the stage's patients. */
  private stageRecords(): string {
    return this.scoped('stage_record', (persons) =>
      select([col('person_id', 'x'), col('measurement_date', 'x'), col('value_as_concept_id', 'x')], table('measurement', 'x'), and(inList(col('measurement_concept_id', 'x'), [C.TNM_ITEM.clinicalStageGroup, C.TNM_ITEM.pathologicalStageGroup]), ...persons)),
    );
  }

  // Concept sets ------------------------------------------------------------------------------------------------

  /** The CTE name of a concept set, created (with its vocabulary checks) on first use. */
  conceptSet(set: ResolvedConceptSet, checkCodes = true): string {
    if (checkCodes) for (const c of [...set.include, ...set.exclude]) this.checkCode(c.code, c.path);
    const key = conceptSetKey(set);
    let name = this.sets.get(key);
    if (name === undefined) {
      name = `${this.prefix}cs_${this.sets.size + 1}`;
      this.addSet(key, name, conceptSetQuery(set));
    }
    if (!this.checkedPaths.has(`set:${set.path}`)) {
      this.checkedPaths.add(`set:${set.path}`);
      this.checks.push({ kind: 'set', path: set.path, message: 'this concept set is empty in the warehouse vocabulary (its exclusions remove every concept)', source: this.source, from: table(name) });
    }
    return name;
  }

  private ref(ref: Parameters<typeof resolveConceptSetRef>[1], at: readonly PathSegment[]): string {
    return this.conceptSet(resolveConceptSetRef(this.source.definition, ref, at));
  }

  private checkCode(code: ConceptCode, path: string): void {
    if (this.checkedPaths.has(path)) return;
    this.checkedPaths.add(path);
    this.checks.push({ kind: 'code', path, message: 'no concept has this code in the warehouse vocabulary', source: this.source, from: table('concept', 'c'), where: codeMatch([code], 'c', false) });
  }

  /** The HGNC gene concepts a symbol or id names: by concept_code ('HGNC:10261') or by synonym ('ROS1', 'HER2'). */
  private geneSet(gene: string | readonly string[], at: readonly PathSegment[]): string {
    const genes = typeof gene === 'string' ? [gene] : [...gene];
    const match = (g: string): ExpressionNode => and(eq(col('vocabulary_id', 'c'), param('HGNC')), or(inList(col('concept_code', 'c'), [g, `HGNC:${g}`]), inQuery(col('concept_id', 'c'), select([col('concept_id', 's')], table('concept_synonym', 's'), eq(col('concept_synonym_name', 's'), param(g))))));
    genes.forEach((g, i) => {
      const path = formatPath(typeof gene === 'string' ? at : [...at, i]);
      if (!this.checkedPaths.has(path)) {
        this.checkedPaths.add(path);
        this.checks.push({ kind: 'gene', path, message: 'no HGNC gene has this symbol or id in the warehouse vocabulary', source: this.source, from: table('concept', 'c'), where: match(g) });
      }
    });
    const key = `gene:${JSON.stringify([...genes].sort())}`;
    let name = this.sets.get(key);
    if (name === undefined) {
      name = `${this.prefix}gene_${this.sets.size + 1}`;
      this.addSet(key, name, select([col('concept_id', 'c')], table('concept', 'c'), or(...genes.map(match))));
    }
    return name;
  }

  private addSet(key: string, name: string, query: QueryNode): void {
    this.sets.set(key, name);
    this.setNames.push(name);
    this.ctes.push(cte(name, query));
  }

  /**
   * OMOP Genomic fusion concepts: those whose code is one of `codes` ('CD74::ROS1'), or matches one of the LIKE
   * `patterns` (built from gene symbols that cannot hold a wildcard, or '%::%' for any fusion).
   */
  private fusionSet(codes: readonly string[], patterns: readonly string[]): string {
    const key = `fusion:${JSON.stringify([[...codes].sort(), [...patterns].sort()])}`;
    const existing = this.sets.get(key);
    if (existing !== undefined) return existing;
    const name = `${this.prefix}fusion_${this.sets.size + 1}`;
    const terms = [...(codes.length === 0 ? [] : [inList(col('concept_code', 'g'), codes)]), ...patterns.map((p) => binary('like', col('concept_code', 'g'), param(p)))];
    this.addSet(key, name, select([col('concept_id', 'g')], table('concept', 'g'), and(eq(col('vocabulary_id', 'g'), param('OMOP Genomic')), or(...terms))));
    return name;
  }

  /** The stage-group concepts of a stage spec (each group with its subdivisions). */
  private stageSet(spec: StageSpec, at: readonly PathSegment[]): string {
    const items = typeof spec === 'string' ? [spec] : spec;
    const groups = [...new Set(items.flatMap(expandStage))];
    const path = formatPath(at);
    const include = groups.map((g) => ({ code: { vocabulary: 'Parcours' as const, code: stageConceptCode(g) }, path }));
    return this.conceptSet({ include, exclude: [], descendants: true, path }, false);
  }

  /** ATC concepts with the class of their longest L01/L02 prefix (as `classifyAntineoplastic` gives it). */
  private atcClasses(): string {
    const prefixes = this.shared.once('atc_class_prefix', () =>
      unionAll(
        ...atcClassPrefixes().map((p) => select([as(param(`${p.prefix}%`, 'varchar'), 'pattern'), as(param(p.prefix.length, 'integer'), 'prefix_length'), as(param(p.drugClass, 'varchar'), 'drug_class')])),
      ),
    );
    return this.shared.once('atc_class', () => {
      const ranked = select(
        [
          col('concept_id', 'c'),
          col('concept_class_id', 'c'),
          col('drug_class', 'x'),
          as(over(rowNumber(), { partitionBy: [col('concept_id', 'c')], orderBy: [{ expression: col('prefix_length', 'x'), direction: 'desc' }] }), 'specificity'),
        ],
        table('concept', 'c'),
        eq(col('vocabulary_id', 'c'), param('ATC')),
        { joins: [innerJoin(table(prefixes, 'x'), binary('like', col('concept_code', 'c'), col('pattern', 'x')))] },
      );
      return select([col('concept_id', 'r'), col('concept_class_id', 'r'), col('drug_class', 'r')], { kind: 'derivedTable', query: ranked, alias: 'r' }, eq(col('specificity', 'r'), literal(1)));
    });
  }

  // Event sources -------------------------------------------------------------------------------------------------

  private diagnosisSource(spec: DiagnosisSpec, at: readonly PathSegment[]): EventSource {
    const x = this.alias('co');
    const codes = this.ref(spec.codes, [...at, 'codes']);
    const alternatives = [this.inSet(col('condition_source_concept_id', x), codes), this.inSet(col('condition_concept_id', x), codes)];
    const conditions: ExpressionNode[] = [];
    if (spec.status === 'primary') conditions.push(eq(col('condition_status_source_value', x), param('primary')));
    if (spec.status === 'secondary') conditions.push(binary('like', col('condition_status_source_value', x), param('secondary%')));
    const dx = col('condition_start_date', x);
    const workup = (date: ExpressionNode): ExpressionNode => and(gte(date, addDays(dx, -DIAGNOSIS_WORKUP_DAYS)), lte(date, addDays(dx, DIAGNOSIS_WORKUP_DAYS)));
    if (spec.histology !== undefined || spec.topography !== undefined) {
      const o = this.alias('o');
      const terms: ExpressionNode[] = [eq(col('person_id', o), col('person_id', x)), workup(col('observation_date', o))];
      if (spec.histology !== undefined) terms.push(this.inSet(col('observation_source_concept_id', o), this.ref(spec.histology, [...at, 'histology'])));
      if (spec.topography !== undefined) {
        // The topography is written as its code in value_as_string (the histology row carries it).
        const t = this.alias('t');
        const topography = this.ref(spec.topography, [...at, 'topography']);
        terms.push(inQuery(col('value_as_string', o), select([col('concept_code', t)], table('concept', t), and(eq(col('vocabulary_id', t), param('ICDO3')), this.inSet(col('concept_id', t), topography)))));
      }
      conditions.push(exists(select([literal(1)], table('observation', o), and(...terms))));
    }
    if (spec.stage !== undefined) {
      const s = this.alias('s');
      const stages = this.stageSet(spec.stage, [...at, 'stage']);
      conditions.push(exists(select([literal(1)], table(this.stageRecords(), s), and(eq(col('person_id', s), col('person_id', x)), this.inSet(col('value_as_concept_id', s), stages), workup(col('measurement_date', s))))));
    }
    return { from: table('condition_occurrence', x), alias: x, date: dx, conditions, alternatives };
  }

  private biomarkerSource(spec: BiomarkerSpec, at: readonly PathSegment[]): EventSource {
    const x = this.alias('m');
    const genes = typeof spec.gene === 'string' ? [spec.gene] : [...spec.gene];
    const geneSet = this.geneSet(spec.gene, [...at, 'gene']);
    const sourceValue = col('measurement_source_value', x);
    const like = (pattern: string): ExpressionNode => binary('like', sourceValue, param(pattern));
    // The gene: its HGNC concept as source concept (every biomarker row), or a fusion concept naming it.
    const alternatives: ExpressionNode[] = [this.inSet(col('measurement_source_concept_id', x), geneSet)];
    if (spec.alteration === undefined || spec.alteration === 'fusion') {
      alternatives.push(this.inSet(col('measurement_concept_id', x), this.fusionSet([], genes.flatMap((g) => [`%::${g}`, `${g}::%`]))));
    }
    const conditions: ExpressionNode[] = [eq(col('value_source_value', x), param(spec.result ?? 'positive'))];
    switch (spec.alteration) {
      case undefined:
        break;
      case 'fusion':
        conditions.push(or(this.inSet(col('measurement_concept_id', x), this.fusionSet([], ['%::%'])), like('% fusion%')));
        break;
      case 'mutation':
      case 'amplification':
      case 'expression':
      case 'status':
        // 'GENE alteration [variant] METHOD' (docs/cohorts.md): the alteration is the second word.
        conditions.push(like(`% ${spec.alteration}%`));
        break;
    }
    if (spec.variant !== undefined) conditions.push(or(like(`% ${spec.variant} %`), like(`% ${spec.variant}`)));
    if (spec.partner !== undefined) {
      const fusions = genes.map((g) => `${spec.partner ?? ''}::${g}`);
      conditions.push(or(this.inSet(col('measurement_concept_id', x), this.fusionSet(fusions, [])), inList(sourceValue, fusions)));
    }
    return { from: table('measurement', x), alias: x, date: col('measurement_date', x), conditions, alternatives };
  }

  private lineSource(spec: LineSpec, at: readonly PathSegment[]): EventSource {
    const x = this.alias('l');
    const conditions: ExpressionNode[] = [];
    if (spec.number !== undefined) conditions.push(eq(col('episode_number', x), param(spec.number)));
    if (spec.regimen !== undefined) conditions.push(eq(col('episode_source_value', x), param(spec.regimen)));
    /** `select 1 from <stage>_line_drug where episode_id = line's and <match>`: a drug of the line satisfying `match`. */
    const lineDrug = (match: (drug: string) => ExpressionNode): QueryNode => {
      const ld = this.alias('ld');
      return select([literal(1)], table(this.lineDrugs(), ld), and(eq(col('episode_id', ld), col('episode_id', x)), match(ld)));
    };
    const drugIn = (set: string) => (de: string) => or(this.inSet(col('drug_concept_id', de), set), this.inSet(col('drug_source_concept_id', de), set));
    spec.contains?.forEach((ref, i) => conditions.push(exists(lineDrug(drugIn(this.ref(ref, [...at, 'contains', i]))))));
    spec.without?.forEach((ref, i) => conditions.push(notExists(lineDrug(drugIn(this.ref(ref, [...at, 'without', i]))))));
    const { classes, onlyClasses } = regimenClasses(spec);
    for (const k of classes) conditions.push(exists(lineDrug((de) => this.drugOfClass(de, [k]))));
    if (onlyClasses !== undefined) {
      const others = DRUG_CLASSES.filter((k) => !onlyClasses.includes(k));
      if (others.length > 0) conditions.push(notExists(lineDrug((de) => this.drugOfClass(de, others))));
    }
    return { from: table(this.lines(), x), alias: x, date: col('episode_start_date', x), conditions, alternatives: [] };
  }

  /**
   * A drug exposure of one of these classes: by its ATC source concept, or by the ATC 5th-level classes of its drug
   * concept (an ingredient is also under 'L01', class 'other': only the most specific level says its class).
   */
  private drugOfClass(de: string, classes: readonly DrugClass[]): ExpressionNode {
    const atc = this.atcClasses();
    const ofClass = inList(col('drug_class', 'k'), classes);
    const viaSource = inQuery(col('drug_source_concept_id', de), select([col('concept_id', 'k')], table(atc, 'k'), ofClass));
    const viaIngredient = inQuery(
      col('drug_concept_id', de),
      select([col('descendant_concept_id', 'ca')], table('concept_ancestor', 'ca'), and(ofClass, eq(col('concept_class_id', 'k'), param('ATC 5th'))), {
        joins: [innerJoin(table(atc, 'k'), eq(col('concept_id', 'k'), col('ancestor_concept_id', 'ca')))],
      }),
    );
    return or(viaSource, viaIngredient);
  }

  private codesSource(domain: 'drug' | 'procedure', spec: CodesSpec, at: readonly PathSegment[]): EventSource {
    const set = this.ref(spec.codes, [...at, 'codes']);
    if (domain === 'drug') {
      const x = this.alias('de');
      return { from: table('drug_exposure', x), alias: x, date: col('drug_exposure_start_date', x), conditions: [], alternatives: [this.inSet(col('drug_concept_id', x), set), this.inSet(col('drug_source_concept_id', x), set)] };
    }
    const x = this.alias('po');
    return { from: table('procedure_occurrence', x), alias: x, date: col('procedure_date', x), conditions: [], alternatives: [this.inSet(col('procedure_concept_id', x), set), this.inSet(col('procedure_source_concept_id', x), set)] };
  }

  private measurementSource(spec: MeasurementSpec, at: readonly PathSegment[]): EventSource {
    const x = this.alias('m');
    const set = this.ref(spec.codes, [...at, 'codes']);
    const conditions: ExpressionNode[] = [...valueRange(col('value_as_number', x), spec.value)];
    if (spec.valueCodes !== undefined) conditions.push(this.inSet(col('value_as_concept_id', x), this.ref(spec.valueCodes, [...at, 'valueCodes'])));
    return { from: table('measurement', x), alias: x, date: col('measurement_date', x), conditions, alternatives: [this.inSet(col('measurement_concept_id', x), set), this.inSet(col('measurement_source_concept_id', x), set)] };
  }

  private ecogSource(spec: ValueRange): EventSource {
    const x = this.alias('m');
    return { from: table('measurement', x), alias: x, date: col('measurement_date', x), conditions: valueRange(col('value_as_number', x), spec), alternatives: [eq(col('measurement_concept_id', x), literal(C.MEASUREMENT.ecog))] };
  }

  private deathSource(): EventSource {
    const x = this.alias('d');
    return { from: table('death', x), alias: x, date: col('death_date', x), conditions: [], alternatives: [] };
  }

  /** The event source of an entry or criterion kind that is a dated event. */
  private eventSource(c: EntryEvent | Criterion, at: readonly PathSegment[]): EventSource | undefined {
    if (c.diagnosis !== undefined) return this.diagnosisSource(c.diagnosis, [...at, 'diagnosis']);
    if (c.biomarker !== undefined) return this.biomarkerSource(c.biomarker, [...at, 'biomarker']);
    if (c.line !== undefined) return this.lineSource(c.line, [...at, 'line']);
    if (c.drug !== undefined) return this.codesSource('drug', c.drug, [...at, 'drug']);
    if (c.procedure !== undefined) return this.codesSource('procedure', c.procedure, [...at, 'procedure']);
    if (c.measurement !== undefined) return this.measurementSource(c.measurement, [...at, 'measurement']);
    if ('ecog' in c && c.ecog !== undefined) return this.ecogSource(c.ecog);
    if ('death' in c && c.death !== undefined) return this.deathSource();
    return undefined;
  }

  // Entry ---------------------------------------------------------------------------------------------------------

  /**
   * The index events: `select person_id, index_date` — the first event per person (kept when it falls in the
   * period), or every distinct event date in the period.
   */
  indexEvents(entry: EntryEvent): QueryNode {
    const source = this.eventSource(entry, ['entry']);
    if (source === undefined) throw new TypeError('entry without an event kind (checked at parse time)');
    const first = (entry.occurrence ?? 'first') === 'first';
    const period = (date: ExpressionNode): ExpressionNode[] => (entry.period === undefined ? [] : periodTerms(date, entry.period));
    // One query per alternative, each filtering its table on one concept column; merged by union.
    const branches = (source.alternatives.length === 0 ? [undefined] : source.alternatives).map((alternative) =>
      select([as(col('person_id', source.alias), 'person_id'), as(source.date, 'index_date')], source.from, and(...(alternative === undefined ? [] : [alternative]), ...source.conditions, ...(first ? [] : period(source.date)))),
    );
    const events: QueryNode = branches.length === 1 ? { ...branches[0]!, distinct: true } : union(...branches);
    if (!first) return events;
    const e = 'e';
    const earliest = fn('min', col('index_date', e));
    return select([col('person_id', e), as(earliest, 'index_date')], derivedTable(events, e), undefined, { groupBy: [col('person_id', e)], ...(entry.period === undefined ? {} : { having: and(...period(earliest)) }) });
  }

  // Criteria ------------------------------------------------------------------------------------------------------

  /**
   * The index events of `input` that satisfy a criterion, as a query of `(person_id, index_date)` rows. Criteria are
   * sets, combined by union (anyOf), intersect (allOf) and except (exclude), and each set is a join of the input with
   * one table: both engines plan these as hash joins, where a boolean per row (exists(a) or exists(b)) would make
   * PostgreSQL run a sub-plan per index event.
   *
   * @example
   * // { biomarker: { gene: ROS1 }, window: { to: 30 } } over stage_2, the gene resolved to concept 2007010261:
   * // (select "ie"."person_id", "ie"."index_date" from "stage_2" as "ie" join "measurement" as "m1" on ("m1"."person_id" = "ie"."person_id")
   * //  where ((("m1"."measurement_source_concept_id" in ($1)) and ("m1"."value_source_value" = $2)) and ("m1"."measurement_date" <= ...)))
   * // union (… "m1"."measurement_concept_id" in (…fusions naming ROS1…) …)
   */
  criterionSet(c: Criterion, at: readonly PathSegment[], input: string): QueryNode {
    const value = this.criterionValue(c, at, input);
    return c.exclude === true ? except(inputEvents(input), value) : value;
  }

  private criterionValue(c: Criterion, at: readonly PathSegment[], input: string): QueryNode {
    const indexDate = col('index_date', IE);
    if (c.anyOf !== undefined) return setOf('union', c.anyOf.map((x, i) => this.criterionSet(x, [...at, 'anyOf', i], input)));
    if (c.allOf !== undefined) return setOf('intersect', c.allOf.map((x, i) => this.criterionSet(x, [...at, 'allOf', i], input)));
    if (c.age !== undefined) return inputEvents(input, and(...valueRange(ageAt(indexDate), c.age)), true);
    if (c.sex !== undefined) return inputEvents(input, eq(col('gender_concept_id', PERSON), literal(c.sex === 'female' ? C.GENDER.female : C.GENDER.male)), true);
    if (c.period !== undefined) return inputEvents(input, and(...periodTerms(indexDate, c.period)));
    if (c.observation !== undefined) {
      const op = this.alias('op');
      return joined(input, table('observation_period', op), op, [
        lte(col('observation_period_start_date', op), addDays(indexDate, -(c.observation.priorDays ?? 0))),
        gte(col('observation_period_end_date', op), addDays(indexDate, c.observation.afterDays ?? 0)),
      ]);
    }
    if (c.stage !== undefined) return this.stageAtIndex(c.stage, c.window, [...at, 'stage'], input);
    const source = this.eventSource(c, at);
    if (source === undefined) throw new TypeError(`criterion without a kind at ${formatPath(at)} (checked at parse time)`);
    const terms = (alternative: ExpressionNode | undefined): ExpressionNode[] => [...(alternative === undefined ? [] : [alternative]), ...source.conditions, ...windowTerms(source.date, c.window)];
    // No count: at least one. A count with only atMost: none is allowed too.
    const atLeast = c.count === undefined ? 1 : (c.count.atLeast ?? 0);
    const atMost = c.count?.atMost;
    if (atMost === undefined && atLeast <= 1) {
      // One join per alternative, each filtering its table on one concept column.
      const alternatives = source.alternatives.length === 0 ? [undefined] : source.alternatives;
      return setOf('union', alternatives.map((a) => joined(input, source.from, source.alias, terms(a))));
    }
    // A count must not see an event twice: one join, the alternatives or-ed, grouped by index event.
    const counted = (having: ExpressionNode): QueryNode =>
      select([col('person_id', IE), col('index_date', IE)], table(input, IE), and(...terms(source.alternatives.length === 0 ? undefined : or(...source.alternatives))), {
        joins: [innerJoin(source.from, eq(col('person_id', source.alias), col('person_id', IE)))],
        groupBy: [col('person_id', IE), col('index_date', IE)],
        having,
      });
    // "At most n" includes the events with none at all: every event but those with more than n.
    if (atLeast <= 0) return atMost === undefined ? inputEvents(input) : except(inputEvents(input), counted(binary('>', count(), param(atMost))));
    return counted(and(gte(count(), param(atLeast)), ...(atMost === undefined ? [] : [lte(count(), param(atMost))])));
  }

  /**
   * The latest stage group recorded on or before the end of the window (default: the index date) is one of the
   * spec's (and, with a window start, recorded after it).
   */
  private stageAtIndex(spec: StageSpec, window: TimeWindow | undefined, at: readonly PathSegment[], input: string): QueryNode {
    const stages = this.stageSet(spec, at);
    const records = this.stageRecords();
    const indexDate = col('index_date', IE);
    const to = window?.to === undefined ? 0 : window.to;
    const s = this.alias('s');
    const latest = select([col('person_id', IE), col('index_date', IE), as(fn('max', col('measurement_date', s)), 'stage_date')], table(input, IE), to === null ? undefined : lte(col('measurement_date', s), shift(indexDate, to)), {
      joins: [innerJoin(table(records, s), eq(col('person_id', s), col('person_id', IE)))],
      groupBy: [col('person_id', IE), col('index_date', IE)],
    });
    const l = this.alias('latest');
    const r = this.alias('s');
    return select(
      [col('person_id', l), col('index_date', l)],
      derivedTable(latest, l),
      and(this.inSet(col('value_as_concept_id', r), stages), ...(window?.from == null ? [] : [gte(col('stage_date', l), shift(col('index_date', l), window.from))])),
      { joins: [innerJoin(table(records, r), and(eq(col('person_id', r), col('person_id', l)), eq(col('measurement_date', r), col('stage_date', l))))], distinct: true },
    );
  }

  // Exit ----------------------------------------------------------------------------------------------------------

  /**
   * The members with their cohort_end_date: the earliest of the end of the observation period that contains the
   * index date, death, the fixed duration and the day before the next line, never before the index date. Each
   * end comes from a join on the members (one aggregate per table), not from a sub-query per member.
   */
  membersWithEnd(exit: { readonly days?: number; readonly nextLine?: boolean } | undefined, input: string): QueryNode {
    const indexDate = col('index_date', IE);
    const perEvent = (from: TableRefNode, alias: string, value: ExpressionNode, terms: ExpressionNode[]): QueryNode =>
      select([col('person_id', IE), col('index_date', IE), as(value, 'd')], table(input, IE), terms.length === 0 ? undefined : and(...terms), {
        joins: [innerJoin(from, eq(col('person_id', alias), col('person_id', IE)))],
        groupBy: [col('person_id', IE), col('index_date', IE)],
      });
    const op = this.alias('op');
    const d = this.alias('d');
    const parts: [string, QueryNode][] = [
      ['observation_end', perEvent(table('observation_period', op), op, fn('max', col('observation_period_end_date', op)), [lte(col('observation_period_start_date', op), indexDate)])],
      ['death', perEvent(table('death', d), d, fn('min', col('death_date', d)), [])],
    ];
    if (exit?.nextLine === true) {
      const l = this.alias('l');
      parts.push(['next_line', perEvent(table('episode', l), l, fn('min', addDays(col('episode_start_date', l), literal(-1))), [eq(col('episode_concept_id', l), literal(C.EPISODE.treatmentRegimen)), binary('>', col('episode_start_date', l), indexDate)])]);
    }
    const ends: ExpressionNode[] = parts.map(([name]) => col('d', name));
    if (exit?.days !== undefined) ends.push(addDays(indexDate, exit.days));
    return select([col('person_id', IE), col('index_date', IE), as(fn('greatest', indexDate, fn('least', ...ends)), 'end_date')], table(input, IE), undefined, {
      joins: parts.map(([name, query]) => leftJoin(derivedTable(query, name), and(eq(col('person_id', name), col('person_id', IE)), eq(col('index_date', name), col('index_date', IE))))),
    });
  }
}

/** `select ie.person_id, ie.index_date from <input> as ie [join person as p] [where …]`: input events (passing `where`). */
function inputEvents(input: string, where?: ExpressionNode, withPerson = false): QueryNode {
  return select([col('person_id', IE), col('index_date', IE)], table(input, IE), where, withPerson ? { joins: [innerJoin(table('person', PERSON), eq(col('person_id', PERSON), col('person_id', IE)))] } : {});
}

/** `select distinct ie.person_id, ie.index_date from <input> ie join <table> x on x.person_id = ie.person_id where …`. */
function joined(input: string, from: TableRefNode, alias: string, terms: readonly ExpressionNode[]): QueryNode {
  return select([col('person_id', IE), col('index_date', IE)], table(input, IE), and(...terms), { joins: [innerJoin(from, eq(col('person_id', alias), col('person_id', IE)))], distinct: true });
}

/** A set operation over criterion sets (a single set as is). */
function setOf(operator: 'union' | 'intersect', sets: readonly QueryNode[]): QueryNode {
  if (sets.length === 1) return sets[0]!;
  return operator === 'union' ? union(...sets) : intersect(...sets);
}

/** `date + days`, or the date itself for 0. */
function shift(date: ExpressionNode, days: number): ExpressionNode {
  return days === 0 ? date : addDays(date, days);
}

/**
 * An event date within the window around the index date. A missing end takes its default — `from` open, `to` 0
 * (any time up to the index date) — and null opens it: `{ from: -30 }` is the 30 days before, `{ to: null }` all time.
 */
function windowTerms(date: ExpressionNode, window: TimeWindow | undefined): ExpressionNode[] {
  const indexDate = col('index_date', IE);
  const from = window?.from ?? null;
  const to = window?.to === undefined ? 0 : window.to;
  return [...(from === null ? [] : [gte(date, shift(indexDate, from))]), ...(to === null ? [] : [lte(date, shift(indexDate, to))])];
}

function periodTerms(date: ExpressionNode, period: PeriodSpec): ExpressionNode[] {
  return [...(period.from === undefined ? [] : [gte(date, param(period.from, 'date'))]), ...(period.to === undefined ? [] : [lte(date, param(period.to, 'date'))])];
}

function valueRange(value: ExpressionNode, range: ValueRange | undefined): ExpressionNode[] {
  return [...(range?.min === undefined ? [] : [gte(value, param(range.min))]), ...(range?.max === undefined ? [] : [lte(value, param(range.max))])];
}

/**
 * Age in whole years at a date: the difference of years, less one before the birthday. A missing month or day of
 * birth counts as January or the 1st (so the age is never under-estimated by the missing part).
 */
function ageAt(date: ExpressionNode): ExpressionNode {
  const monthDay = (month: ExpressionNode, day: ExpressionNode): ExpressionNode => binary('+', binary('*', month, literal(100)), day);
  const beforeBirthday = lt(monthDay(extract('month', date), extract('day', date)), monthDay(fn('coalesce', col('month_of_birth', PERSON), literal(1)), fn('coalesce', col('day_of_birth', PERSON), literal(1))));
  return binary('-', binary('-', extract('year', date), col('year_of_birth', PERSON)), caseWhen([[beforeBirthday, literal(1)]], literal(0)));
}

/** The classes a line must contain, and the only classes it may contain, from `classes`/`onlyClasses` or the shorthand. */
export function regimenClasses(spec: LineSpec): { readonly classes: readonly DrugClass[]; readonly onlyClasses?: readonly DrugClass[] } {
  const preset: Record<RegimenClass, { classes: DrugClass[]; onlyClasses?: DrugClass[] }> = {
    targeted: { classes: ['targeted'] },
    'chemotherapy-alone': { classes: ['chemotherapy'], onlyClasses: ['chemotherapy'] },
    'immunotherapy-alone': { classes: ['immunotherapy'], onlyClasses: ['immunotherapy'] },
    'chemo-immunotherapy': { classes: ['chemotherapy', 'immunotherapy'], onlyClasses: ['chemotherapy', 'immunotherapy'] },
    'immunotherapy-with-or-without-chemotherapy': { classes: ['immunotherapy'], onlyClasses: ['immunotherapy', 'chemotherapy'] },
    endocrine: { classes: ['endocrine'] },
  };
  if (spec.regimenClass !== undefined) return preset[spec.regimenClass];
  return { classes: spec.classes ?? [], ...(spec.onlyClasses === undefined ? {} : { onlyClasses: spec.onlyClasses }) };
}

/** A short text of the entry event for the first attrition row: 'first line 1 of therapy, 2012-01-01 to 2025-12-31'. */
export function describeEntry(entry: EntryEvent): string {
  const kind = ENTRY_KINDS.find((k) => entry[k] !== undefined) ?? 'event';
  const what = kind === 'line' ? `line ${entry.line?.number ?? ''} of therapy`.replace('  ', ' ') : kind;
  const period = entry.period === undefined ? '' : `, ${entry.period.from ?? '…'} to ${entry.period.to ?? '…'}`;
  return `${entry.occurrence === 'all' ? 'every' : 'first'} ${what}${period}`;
}

