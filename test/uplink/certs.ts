/**
 * Throw-away TLS material for the uplink tests, made with the `openssl` CLI in a mkdtemp folder (once per
 * test file: call it in beforeAll, `remove()` in afterAll): a CA, a server certificate it signed for
 * 127.0.0.1 and localhost, a client certificate it signed (CN `gate-test`, for mutual TLS), and a second,
 * unrelated CA that signed nothing the server presents.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KeyPair {
  /** PEM certificate file. */
  readonly cert: string;
  /** PEM private key file. */
  readonly key: string;
}

export interface TestCerts {
  readonly dir: string;
  /** The CA's certificate (PEM file): what a transport pins. */
  readonly ca: string;
  readonly server: KeyPair;
  readonly client: KeyPair;
  /** Another CA's certificate: pinning it, the server's certificate is untrusted. */
  readonly otherCa: string;
  remove(): void;
}

const openssl = (dir: string, ...args: string[]): void => {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
};

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string): void {
  openssl(dir, 'req', '-x509', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
}

function makeLeaf(dir: string, name: string, ca: string, extensions: string): KeyPair {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, 'req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
  openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-set_serial', `0x${randomBytes(8).toString('hex')}`,
    '-days', '2', '-out', `${name}.pem`, '-extfile', `${name}.ext`);
  return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
}

export function makeTestCerts(): TestCerts {
  const dir = mkdtempSync(join(tmpdir(), 'uplink-certs-'));
  makeCa(dir, 'test-ca');
  makeCa(dir, 'other-ca');
  const server = makeLeaf(dir, 'server', 'test-ca', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
  const client = makeLeaf(dir, 'gate-test', 'test-ca', 'extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n');
  return { dir, ca: join(dir, 'test-ca.pem'), server, client, otherCa: join(dir, 'other-ca.pem'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
