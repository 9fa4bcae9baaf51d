/**
 * TNM stage groups (UICC/AJCC 8th edition notation) and ranges of them ('IIIB-IV'). A stage is the bundle's local
 * 'Parcours' concept `STAGE-<group>` (WELL_KNOWN_CONCEPTS.TNM_ITEM stage-group measurements hold it in
 * value_as_concept_id; see `stageConceptId` in @parcours/core), so a range expands to concept codes.
 */

/**
 * The stage groups as a tree: each group with its subdivisions. The leaves in this order are the order of the
 * stages, which is what a range is taken over.
 */
const STAGE_TREE: readonly (readonly [group: string, subdivisions: readonly string[]])[] = [
  ['0', []],
  ['I', ['IA', 'IB']],
  ['IA', ['IA1', 'IA2', 'IA3']],
  ['II', ['IIA', 'IIB']],
  ['III', ['IIIA', 'IIIB', 'IIIC']],
  ['IV', ['IVA', 'IVB']],
];

const children = new Map<string, readonly string[]>(STAGE_TREE);
const roots = ['0', 'I', 'II', 'III', 'IV'];

function leavesOf(group: string): string[] {
  const sub = children.get(group) ?? [];
  return sub.length === 0 ? [group] : sub.flatMap(leavesOf);
}

const LEAVES = roots.flatMap(leavesOf);
/** Every group, parents and leaves. */
const GROUPS: readonly string[] = roots.flatMap(function walk(g: string): string[] {
  return [g, ...(children.get(g) ?? []).flatMap(walk)];
});
const GROUP_SET: ReadonlySet<string> = new Set(GROUPS);

/** 'Stage IIIb' → 'IIIB'; '4' → 'IV' is not guessed (Arabic stage numbers are not TNM notation). */
function normaliseGroup(text: string): string {
  return text.trim().replace(/^stage\s*/i, '').toUpperCase();
}

/** The leaf interval [first, last] a group covers. */
function interval(group: string): readonly [number, number] {
  const leaves = leavesOf(group);
  return [LEAVES.indexOf(leaves[0]!), LEAVES.indexOf(leaves[leaves.length - 1]!)];
}

/** Why a stage text is not a stage group or range, or null. */
export function stageProblem(text: string): string | null {
  const parts = text.split(/\s*[-–]\s*/);
  if (parts.length > 2) return 'a stage range is written FROM-TO, e.g. IIIB-IV';
  for (const part of parts) if (!GROUP_SET.has(normaliseGroup(part))) return `unknown stage group (known: ${GROUPS.join(', ')})`;
  if (parts.length === 2 && interval(normaliseGroup(parts[0]!))[0] > interval(normaliseGroup(parts[1]!))[1]) return 'a stage range goes from the lower stage to the higher';
  return null;
}

/**
 * The stage groups a stage or a range stands for: a group with all its subdivisions, and for a range every group
 * whose whole subtree lies inside it (so 'IIIB-IV' has IIIB, IIIC, IV, IVA, IVB but not the unsubdivided III,
 * which could be IIIA). Input already checked by `stageProblem`.
 * @example expandStage('IIIB-IV') // ['IIIB', 'IIIC', 'IV', 'IVA', 'IVB']
 */
export function expandStage(text: string): string[] {
  const parts = text.split(/\s*[-–]\s*/).map(normaliseGroup);
  const from = interval(parts[0]!)[0];
  const to = interval(parts[parts.length - 1]!)[1];
  return GROUPS.filter((g) => {
    const [a, b] = interval(g);
    return a >= from && b <= to;
  });
}

/** The concept_code of a stage group in the 'Parcours' vocabulary: 'IIIB' → 'STAGE-IIIB'. */
export function stageConceptCode(group: string): string {
  return `STAGE-${group}`;
}
