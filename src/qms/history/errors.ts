/**
 * The repository could not be read: an object is missing or corrupt, a ref cannot be resolved. History
 * is then unavailable, and says why; any other error is a fault in this code and is thrown as it is,
 * never mistaken for "history unavailable".
 */
export class RepositoryReadError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RepositoryReadError';
  }
}

/** Runs a read of the repository, turning whatever it throws into a RepositoryReadError. */
export async function readingRepository<T>(what: string, read: () => Promise<T> | T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof RepositoryReadError) throw error;
    throw new RepositoryReadError(`${what}: ${(error as Error).message}`, { cause: error });
  }
}
