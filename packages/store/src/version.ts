/** Version of the Parcours software, written to cdm_source and result bundles. Kept equal to package.json's. */
export const SOFTWARE_VERSION = '0.1.0';
