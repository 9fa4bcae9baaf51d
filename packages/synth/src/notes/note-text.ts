import type { IdentifierSpan } from '../model/synthetic-patient.js';

export type SpanType = IdentifierSpan['type'];

/** A piece of identifying text to be recorded as a span where it is written. */
export interface Identifier {
  readonly type: SpanType;
  readonly text: string;
}

/** Mark text as an identifier of a type. @example id('IPP', '10000001') */
export function id(type: SpanType, text: string): Identifier {
  return { type, text };
}

/**
 * A note under construction that records the span of every identifier as it is written, so that the spans match
 * the text by construction (`text.slice(start, end)` is the identifier).
 *
 * @example
 * const t = new NoteText();
 * t.line`Madame ${id('PATIENT_NAME', 'Odile QUINTARD')}, née le ${id('BIRTH_DATE', '12/03/1958')}`;
 * t.text  // 'Madame Odile QUINTARD, née le 12/03/1958\n'
 * t.spans // [{ start: 7, end: 21, type: 'PATIENT_NAME' }, { start: 30, end: 40, type: 'BIRTH_DATE' }]
 */
export class NoteText {
  text = '';
  readonly spans: IdentifierSpan[] = [];

  /** Append plain text and identifiers, in order. */
  add(...parts: readonly (string | Identifier)[]): this {
    for (const part of parts) {
      if (typeof part === 'string') {
        this.text += part;
      } else if (part.text.length > 0) {
        const start = this.text.length;
        this.text += part.text;
        this.spans.push({ start, end: this.text.length, type: part.type });
      }
    }
    return this;
  }

  /** Tagged template: literal parts are plain text, interpolations are identifiers or plain strings; ends the line. */
  line(strings: TemplateStringsArray, ...values: readonly (string | number | Identifier)[]): this {
    strings.forEach((s, i) => {
      this.add(s);
      const v = values[i];
      if (v !== undefined) this.add(typeof v === 'number' ? String(v) : v);
    });
    this.text += '\n';
    return this;
  }

  /** An empty line. */
  blank(): this {
    this.text += '\n';
    return this;
  }
}
