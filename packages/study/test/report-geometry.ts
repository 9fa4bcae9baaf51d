/**
 * Reading the report's SVG back into numbers, for tests: a Kaplan–Meier path's corners, and the attributes a figure
 * carries. Deliberately strict: a path that is not `M x,y (H x V y)* H x` fails the parse.
 */

export interface StepPathCorners {
  readonly start: { readonly x: number; readonly y: number };
  /** The corner after each step's drop: (step time, survival after the step), in pixels. */
  readonly steps: readonly { readonly x: number; readonly y: number }[];
  readonly endX: number;
}

export function parseStepPath(d: string): StepPathCorners {
  const commands = [...d.matchAll(/([MHV])([^MHV]+)/g)].map((m) => ({ op: m[1]!, args: m[2]!.split(',').map(Number) }));
  const first = commands.shift();
  const last = commands.pop();
  if (first?.op !== 'M' || first.args.length !== 2 || last?.op !== 'H') throw new Error(`not a step path: ${d.slice(0, 60)}`);
  if (commands.length % 2 !== 0) throw new Error('a step path has one H and one V per step');
  const steps: { x: number; y: number }[] = [];
  for (let k = 0; k < commands.length; k += 2) {
    const h = commands[k]!;
    const v = commands[k + 1]!;
    if (h.op !== 'H' || v.op !== 'V') throw new Error(`expected H then V at command ${k + 1}`);
    steps.push({ x: h.args[0]!, y: v.args[0]! });
  }
  return { start: { x: first.args[0]!, y: first.args[1]! }, steps, endX: last.args[0]! };
}

export interface FoundElement {
  /** Attribute values, unescaped. */
  readonly attrs: Readonly<Record<string, string>>;
  /** The markup inside the element ('' when self-closed). */
  readonly inner: string;
}

const ENTITIES: Readonly<Record<string, string>> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

export function unescapeHtml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|#39);/g, (e) => ENTITIES[e]!);
}

/**
 * The elements `<tag …>` of a markup string (ours: no nesting of the same tag, attributes always double-quoted),
 * optionally only those whose class list has `className`.
 */
export function findElements(markup: string, tag: string, className?: string): FoundElement[] {
  const pattern = new RegExp(`<${tag}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${tag}>)`, 'g');
  return [...markup.matchAll(pattern)]
    .map((m) => ({
      attrs: Object.fromEntries([...m[1]!.matchAll(/([a-zA-Z0-9:-]+)="([^"]*)"/g)].map((a) => [a[1]!, unescapeHtml(a[2]!)])),
      inner: m[2] ?? '',
    }))
    .filter((e) => className === undefined || (e.attrs['class'] ?? '').split(' ').includes(className));
}

/** The text of some markup, as a reader sees it: tags (and tooltips) dropped, entities decoded. */
export function textOf(inner: string): string {
  return unescapeHtml(inner.replace(/<title>[\s\S]*?<\/title>/g, '').replace(/<[^>]+>/g, ''));
}

/** A figure's numeric `data-*` attribute. */
export function numberAttr(e: FoundElement, name: string): number {
  const v = e.attrs[`data-${name}`];
  if (v === undefined) throw new Error(`no data-${name}`);
  return Number(v);
}
