import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A throw-away certificate authority for TLS tests: a CA, a broker certificate for localhost /
// 127.0.0.1 and a gateway client certificate, all signed by the CA; made with the openssl CLI.

export interface TestPki {
  /** file paths, as the bridge is given them */
  files: { ca: string; serverCert: string; serverKey: string; clientCert: string; clientKey: string };
  /** PEM contents, as a server is given them */
  pem: { ca: string; serverCert: string; serverKey: string };
}

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function makeTestPki(dir: string, clientName: string): TestPki {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', path('ca.key'), '-out', path('ca.crt'), '-days', '2', '-subj', '/CN=Feijiu test CA');
  const signed = (name: string, cn: string, ext: string) => {
    writeFileSync(path(`${name}.ext`), ext);
    openssl('req', ...ec, '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`), '-subj', `/CN=${cn}`);
    openssl('x509', '-req', '-in', path(`${name}.csr`), '-CA', path('ca.crt'), '-CAkey', path('ca.key'), '-CAcreateserial', '-out', path(`${name}.crt`), '-days', '2', '-extfile', path(`${name}.ext`));
  };
  signed('server', 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  signed('client', clientName, 'extendedKeyUsage=clientAuth\n');
  return {
    files: { ca: path('ca.crt'), serverCert: path('server.crt'), serverKey: path('server.key'), clientCert: path('client.crt'), clientKey: path('client.key') },
    pem: { ca: readFileSync(path('ca.crt'), 'utf8'), serverCert: readFileSync(path('server.crt'), 'utf8'), serverKey: readFileSync(path('server.key'), 'utf8') },
  };
}
