/**
 * Throw-away TLS material made at start: a CA and a server certificate it signs. Nothing here is
 * ever written to the repository; the CA's PEM is handed to clients so they can trust it.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface TlsMaterial {
	caPem: string;
	certPem: string;
	keyPem: string;
}

interface Ca {
	cert: forge.pki.Certificate;
	key: forge.pki.rsa.PrivateKey;
	pem: string;
}

let ca: Ca | undefined;
/** One key pair for every server certificate of this process: the certificates differ, the key need not. */
let serverKeys: { privatePem: string; publicPem: string } | undefined;

function newKeys(): { privatePem: string; publicPem: string } {
	const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	return {
		privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
		publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
	};
}

function baseCert(publicPem: string, days: number): forge.pki.Certificate {
	const cert = forge.pki.createCertificate();
	cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
	cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
	cert.validity.notBefore = new Date(Date.now() - 60_000);
	cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
	return cert;
}

/** One CA per process is enough: every simulator started in it shares the same trust anchor. */
function theCa(): Ca {
	if (ca) return ca;
	const keys = newKeys();
	const cert = baseCert(keys.publicPem, 2);
	const subject = [{ name: 'commonName', value: 'CC-Gateway Simulator Test CA' }];
	cert.setSubject(subject);
	cert.setIssuer(subject);
	cert.setExtensions([
		{ name: 'basicConstraints', cA: true, critical: true },
		{ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
	]);
	const key = forge.pki.privateKeyFromPem(keys.privatePem);
	cert.sign(key, forge.md.sha256.create());
	ca = { cert, key, pem: forge.pki.certificateToPem(cert) };
	return ca;
}

/** Material from a second, unrelated CA, for tests of "a CA that did not issue this certificate". */
export function separateCa(hostnames: string[]): TlsMaterial {
	const saved = ca;
	ca = undefined;
	try {
		return serverMaterial(hostnames);
	} finally {
		ca = saved;
	}
}

/** A server certificate for `hostnames` (IP SANs for addresses, DNS SANs for names), signed by the process's CA. */
export function serverMaterial(hostnames: string[]): TlsMaterial {
	if (hostnames.length === 0) throw new Error('certHostnames must name at least one host');
	const authority = theCa();
	serverKeys ??= newKeys();
	const keys = serverKeys;
	const cert = baseCert(keys.publicPem, 2);
	cert.setSubject([{ name: 'commonName', value: hostnames[0] }]);
	cert.setIssuer(authority.cert.subject.attributes);
	cert.setExtensions([
		{ name: 'basicConstraints', cA: false },
		{ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
		{ name: 'extKeyUsage', serverAuth: true },
		{
			name: 'subjectAltName',
			altNames: hostnames.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h })),
		},
	]);
	cert.sign(authority.key, forge.md.sha256.create());
	return {
		caPem: authority.pem,
		certPem: forge.pki.certificateToPem(cert),
		keyPem: keys.privatePem,
	};
}
