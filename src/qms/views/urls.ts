/** URL of a document page; the ID is permanent, so links survive moves and renames. */
export const docUrl = (id: string) => `/docs/${id}/`;

/** URL of a clause page: plain number for the primary standard, standard id first for the others. */
export const clauseUrl = (ref: string) => `/clauses/${ref.replace(':', '/')}/`;
