/** The journal's file name inside the data folder. */
export const JOURNAL_FILE = 'journal.sqlite';
