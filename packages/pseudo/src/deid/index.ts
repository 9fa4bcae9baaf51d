// De-identification of free text (filled by the deid work).
export {};
