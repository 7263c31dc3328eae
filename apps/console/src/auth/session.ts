import type { SessionUser } from '@feijiu/contracts';
import { shallowRef } from 'vue';
import { fetchMe, postLogin, postLogout } from '../api/console-api';
import { currentToken } from '../api/http';
import { clearToken, saveToken } from '../api/token-store';

/** Who is signed in; null until /auth/me answered. */
export const currentUser = shallowRef<SessionUser | null>(null);

let pendingMe: Promise<SessionUser> | null = null;

export function hasToken(): boolean {
  return currentToken() !== null;
}

export async function signIn(username: string, password: string): Promise<SessionUser> {
  const { accessToken, expiresInSec } = await postLogin({ username, password });
  saveToken(sessionStorage, accessToken, expiresInSec, Date.now());
  currentUser.value = null;
  pendingMe = null;
  return loadCurrentUser();
}

export function loadCurrentUser(): Promise<SessionUser> {
  if (currentUser.value) return Promise.resolve(currentUser.value);
  pendingMe ??= fetchMe().then(
    (user) => (currentUser.value = user),
    (error: unknown) => {
      pendingMe = null;
      throw error;
    },
  );
  return pendingMe;
}

/**
 * Signs out: the server revokes the token (so a copy of it is worthless from now on), then the
 * session is forgotten here. A server that cannot be reached does not keep anyone signed in.
 */
export async function signOut(): Promise<void> {
  if (hasToken()) await postLogout().catch(() => undefined);
  forgetSession();
}

/** Forgets the session locally. */
export function forgetSession(): void {
  clearToken(sessionStorage);
  currentUser.value = null;
  pendingMe = null;
}
