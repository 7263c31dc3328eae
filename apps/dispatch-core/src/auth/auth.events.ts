/** Tokens stopped working: one (logout, `jti`) or every one of a user (`jti` null). Live sockets follow. */
export class SessionsRevoked {
  static readonly eventName = 'auth.sessions_revoked';
  constructor(
    readonly userId: string,
    readonly jti: string | null,
  ) {}
}
