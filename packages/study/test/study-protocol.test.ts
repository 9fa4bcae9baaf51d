import { readFileSync } from 'node:fs';
import { cohortFolder } from '@parcours/cohort';
import { AppError } from '@parcours/core';
import { describe, expect, it } from 'vitest';
import { checkProtocol, parseStudyProtocol, readStudyProtocol } from '../src/protocol/parse-study-protocol.js';
import { resolveSettings } from '../src/protocol/study-protocol.js';

// The protocol language: what it accepts, and that each kind of mistake is refused with the path (and line) in
// the protocol where it is.

const library = cohortFolder('cohorts');
const ros1 = readFileSync('studies/ros1-nsclc.yaml', 'utf8');

function refusal(text: string): AppError {
  try {
    parseStudyProtocol(text, { file: 'bad.yaml' });
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('the protocol was accepted');
}

async function refusalAfterCheck(text: string): Promise<AppError> {
  try {
    await checkProtocol(parseStudyProtocol(text, { file: 'bad.yaml' }), library);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error('the protocol was accepted');
}

const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('study protocols', () => {
  it.each(['ros1-nsclc', 'brca-ovarian', 'her2-breast'])('the shipped study %s is valid against its cohort', async (id) => {
    const checked = await checkProtocol(await readStudyProtocol(`studies/${id}.yaml`), library);
    expect(checked.source.protocol.id).toBe(id);
    expect(checked.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(checked.cohortSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fills the defaults a biostatistician expects', () => {
    const settings = resolveSettings(parseStudyProtocol(ros1).protocol);
    expect(settings.minCellSize).toBe(10);
    expect(settings.survivalAtMonths).toEqual([12, 24]);
    expect(settings.iptw).toEqual({ estimand: 'ATE', stabilized: true });
  });

  it('the digest changes with the text, so a bundle names the exact protocol', () => {
    expect(parseStudyProtocol(ros1).sha256).not.toBe(parseStudyProtocol(`${ros1}\n# a comment\n`).sha256);
  });

  it('refuses an unknown outcome, naming its path and line', () => {
    const text = ros1.replace('outcomes: [rwOS, rwPFS]', 'outcomes: [rwOS, rwDFS]');
    const e = refusal(text);
    expect(e.details).toMatchObject({ path: 'outcomes[1]', file: 'bad.yaml', line: lineOf(text, 'outcomes:') });
  });

  it('refuses an unknown covariate', () => {
    const e = refusal(ros1.replace('covariates: [age, sex,', 'covariates: [age, gender,'));
    expect(e.details?.path).toBe('covariates[1]');
  });

  it('refuses a threshold below 5', () => {
    const text = ros1.replace('minCellSize: 10', 'minCellSize: 3');
    const e = refusal(text);
    expect(e.message).toMatch(/never below 5/);
    expect(e.details).toMatchObject({ path: 'disclosure.minCellSize', line: lineOf(text, 'minCellSize: 3') });
  });

  it('refuses an unknown cohort', async () => {
    const e = await refusalAfterCheck(ros1.replace('cohort: ros1-nsclc-advanced', 'cohort: ros2-nsclc'));
    expect(e.details?.path).toBe('population.cohort');
    expect(e.message).toMatch(/unknown cohort/);
  });

  it('refuses an arm that no patient can enter (the cohort does not define it)', async () => {
    const text = ros1.replace('reference: chemotherapy-alone', 'reference: radiotherapy');
    const e = await refusalAfterCheck(text);
    expect(e.details).toMatchObject({ path: 'comparisons[0].reference', line: lineOf(text, 'reference: radiotherapy') });
    expect(e.message).toMatch(/no patient can enter/);
  });

  it('refuses a comparison of an arm with itself, duplicate ids and unknown fields', () => {
    expect(refusal(ros1.replace('reference: chemotherapy-alone', 'reference: ros1-tki')).details?.path).toBe('comparisons[0].reference');
    expect(refusal(ros1.replace('id: tki-vs-immunotherapy', 'id: tki-vs-chemotherapy')).details?.path).toBe('comparisons[1].id');
    expect(refusal(ros1.replace('outcomes: [rwOS, rwPFS]', 'outcomes: [rwOS, rwPFS]\nstratify: [site]')).details?.path).toBe('stratify');
  });

  it('refuses a wrong language line, a bad date and YAML that does not parse', () => {
    expect(refusal(ros1.replace('parcours: study/1', 'parcours: study/9')).details?.path).toBe('parcours');
    expect(refusal(ros1.replace('indexFrom: 2016-01-01', 'indexFrom: 2016-02-30')).details?.path).toBe('sensitivity[0].indexFrom');
    expect(refusal('parcours: study/1\nid: [unclosed\n').details?.line).toBeGreaterThan(0);
  });
});
