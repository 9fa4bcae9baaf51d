import type { SiteProfile } from '../model/synthetic-patient.js';

export { FHIR_SYSTEMS, MCODE_PROFILES } from '@parcours/core';

/**
 * Site-specific identifier systems for the hospital's patient id (IPP) and stay number (NDA). Invented hospitals
 * get URIs under the reserved `.invalid` domain, so they can never clash with a real system.
 * @example siteSystems(site).ipp // 'http://site-01.parcours.invalid/fhir/sid/ipp'
 */
export function siteSystems(site: Pick<SiteProfile, 'siteId'>): { readonly ipp: string; readonly nda: string; readonly accession: string } {
  const base = `http://${site.siteId}.parcours.invalid/fhir/sid`;
  return { ipp: `${base}/ipp`, nda: `${base}/nda`, accession: `${base}/accession` };
}
