import type { SessionUser } from '@feijiu/contracts';
import { shallowRef } from 'vue';
import { fetchMe, postLogin } from '../api/console-api';
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

/** Forgets the session locally (the token is stateless, there is nothing to revoke server-side yet). */
export function forgetSession(): void {
  clearToken(sessionStorage);
  currentUser.value = null;
  pendingMe = null;
}
