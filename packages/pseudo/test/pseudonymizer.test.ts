import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import type { KeyStore } from '@parcours/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { departmentOfPostcode, generalizeBirthDate, OppositionList, Pseudonymizer } from '../src/index.js';

const keyStore = (keys: Partial<Record<'pseudonym' | 'warehouse', Uint8Array>>): KeyStore => ({ getKey: async (name) => keys[name] });
const key = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');

describe('Pseudonymizer', () => {
  it('is stable for one key, unlinkable across keys, and separates domains', () => {
    const a = Pseudonymizer.fromKey(key);
    const b = Pseudonymizer.fromKey(Buffer.alloc(32, 1));
    expect(a.pseudonym('ipp', '10000001')).toBe(Pseudonymizer.fromKey(key).pseudonym('ipp', '10000001'));
    expect(a.pseudonym('ipp', '10000001')).toMatch(/^[0-9a-f]{40}$/);
    expect(a.pseudonym('ipp', '10000001')).not.toBe(b.pseudonym('ipp', '10000001'));
    expect(a.pseudonym('ipp', '10000001')).not.toBe(a.pseudonym('visit', '10000001'));
  });

  it('never shows its key, however it is printed', () => {
    const p = Pseudonymizer.fromKey(key);
    const hex = key.toString('hex');
    for (const shown of [JSON.stringify({ p }), inspect(p, { showHidden: true, depth: 5 }), String(Object.keys(p)), `${JSON.stringify(Object.entries(p))}`]) {
      expect(shown).not.toContain(hex);
      expect(shown).not.toContain(key.toString('base64'));
    }
  });

  it('refuses short keys and reads keys from a key store or a key file', async () => {
    expect(() => Pseudonymizer.fromKey(Buffer.alloc(8))).toThrow(/at least 16 bytes/);
    await expect(Pseudonymizer.fromKeyStore(keyStore({}))).rejects.toThrow(/no pseudonymization key/);
    const fromStore = await Pseudonymizer.fromKeyStore(keyStore({ pseudonym: key }));
    const dir = mkdtempSync(path.join(tmpdir(), 'parcours-key-'));
    writeFileSync(path.join(dir, 'k.hex'), `${key.toString('hex')}\n`);
    const fromFile = await Pseudonymizer.fromKeyFile(path.join(dir, 'k.hex'));
    expect(fromFile.pseudonym('nir', 'x')).toBe(fromStore.pseudonym('nir', 'x'));
    await expect(Pseudonymizer.fromKeyFile(path.join(dir, 'missing'))).rejects.toThrow(/cannot read the key file/);
  });

  it('makes DICOM UIDs under 2.25 that fit the 64-character limit', () => {
    const uid = Pseudonymizer.fromKey(key).dicomUid('1.2.250.1.999.1.42.3');
    expect(uid).toMatch(/^2\.25\.[1-9]\d{0,38}$/);
    expect(uid.length).toBeLessThanOrEqual(64);
  });

  it('shifts dates by a per-patient offset in [−max, +max] without 0, uniform enough', () => {
    const p = Pseudonymizer.fromKey(key);
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 3650 }), (patient, max) => {
        const d = p.dateShiftDays(patient, max);
        return Number.isInteger(d) && d !== 0 && Math.abs(d) <= max && d === p.dateShiftDays(patient, max);
      }),
    );
    const counts = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const d = p.dateShiftDays(`patient-${i}`, 5);
      counts.set(d, (counts.get(d) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((x, y) => x - y)).toEqual([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5]);
    for (const n of counts.values()) expect(n).toBeGreaterThan(1_800); // 2,000 expected per value
    expect(p.dateShiftDays('x', 0)).toBe(0);
    expect(() => p.dateShiftDays('x', -1)).toThrow();
  });
});

describe('generalization', () => {
  it('maps postcodes to départements, Corsica and overseas included', () => {
    expect(departmentOfPostcode('69008')).toBe('69');
    expect(departmentOfPostcode('01000')).toBe('01');
    expect(departmentOfPostcode('20090')).toBe('2A');
    expect(departmentOfPostcode('20200')).toBe('2B');
    expect(departmentOfPostcode('97400')).toBe('974');
    expect(departmentOfPostcode('75 015')).toBe('75');
    expect(departmentOfPostcode('SW1A 1AA')).toBeUndefined();
    expect(departmentOfPostcode('6900')).toBeUndefined();
  });

  it('cuts birth dates to the precision kept', () => {
    expect(generalizeBirthDate('1958-03-12', 'year')).toEqual({ year: 1958, month: null, day: null });
    expect(generalizeBirthDate('1958-03-12', 'year-month')).toEqual({ year: 1958, month: 3, day: null });
    expect(generalizeBirthDate('1958-03-12', 'day')).toEqual({ year: 1958, month: 3, day: 12 });
    expect(generalizeBirthDate('1958', 'day')).toEqual({ year: 1958, month: null, day: null });
    expect(() => generalizeBirthDate('12/03/1958', 'year')).toThrow(/YYYY/);
  });
});

describe('OppositionList', () => {
  it('matches bare values in any system and qualified values in theirs, ignoring spaces', () => {
    const list = OppositionList.parse('# objections\n1 58 03 69 123 456 78\nhttp://h/ipp|P0001\n\n');
    expect(list.size).toBe(2);
    expect(list.matches('158036912345678')).toBe(true);
    expect(list.matches('P0001', 'http://h/ipp')).toBe(true);
    expect(list.matches('P0001', 'http://other/ipp')).toBe(false);
    expect(list.matches('P0001')).toBe(false);
  });

  it('locates a malformed line without echoing it', () => {
    try {
      OppositionList.parse('P1\nP2, P3\n', 'opposition.txt');
      expect.unreachable();
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('P2');
      expect((e as { details?: unknown }).details).toMatchObject({ file: 'opposition.txt', line: 2 });
    }
  });
});
