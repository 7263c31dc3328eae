// The access token lives in sessionStorage: closing the tab signs out, a reload does not.
const STORAGE_KEY = 'feijiu.session';

interface StoredToken {
  accessToken: string;
  expiresAtMs: number;
}

export function saveToken(storage: Pick<Storage, 'setItem'>, accessToken: string, expiresInSec: number, nowMs: number): void {
  const stored: StoredToken = { accessToken, expiresAtMs: nowMs + expiresInSec * 1000 };
  storage.setItem(STORAGE_KEY, JSON.stringify(stored));
}

/** The token, or null when there is none, it is unreadable, or it has expired. */
export function readToken(storage: Pick<Storage, 'getItem'>, nowMs: number): string | null {
  const raw = storage.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const stored = JSON.parse(raw) as Partial<StoredToken>;
    if (typeof stored.accessToken !== 'string' || typeof stored.expiresAtMs !== 'number') return null;
    return stored.expiresAtMs > nowMs ? stored.accessToken : null;
  } catch {
    return null;
  }
}

export function clearToken(storage: Pick<Storage, 'removeItem'>): void {
  storage.removeItem(STORAGE_KEY);
}
