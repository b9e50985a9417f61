/**
 * The credential's connection settings, checked once per execution: where the gateway is (Base URL,
 * with an optional path prefix of a reverse proxy) and how its certificate is verified (CA, or the
 * insecure switch). Every failure names the field and what is wrong with it; nothing is sent.
 */
import { X509Certificate } from 'node:crypto';

import { TransportError } from './errors';

export interface Connection {
	/** `https://host:port` plus the path prefix, never with a trailing slash. */
	baseUrl: string;
	/** Trusted CA certificates (canonical PEM), or undefined for the system's trust store. */
	ca?: string;
	skipTlsChecks: boolean;
}

const BASE_URL_EXAMPLE =
	"Enter it as https://<gateway host>:<port>, e.g. https://cc-gateway.example.com:8043 (8043 is the gateway's default HTTPS port), optionally with the path a reverse proxy publishes it under, e.g. https://proxy.example.com/cec";

function badBaseUrl(message: string, remedy = BASE_URL_EXAMPLE): TransportError {
	return new TransportError('badBaseUrl', message, `${remedy}. Nothing was sent.`, false);
}

/** Checks the Base URL; keeps a path prefix, refuses what a gateway address never holds. */
export function parseBaseUrl(value: unknown): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') throw badBaseUrl("The credential's Base URL is empty");
	if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) {
		throw badBaseUrl(
			"The credential's Base URL has no scheme: it must start with https://",
			`Write it as https://${text.replace(/^\/+/, '')} (the CC-Gateway's HTTPS port is 8043 by default)`,
		);
	}
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw badBaseUrl("The credential's Base URL is not a valid URL");
	}
	if (url.protocol !== 'https:') {
		throw badBaseUrl(
			`The credential's Base URL must use https (got ${url.protocol.replace(':', '')})`,
			'The CC-Gateway serves its agent interface over HTTPS only, by default on port 8043',
		);
	}
	if (url.username !== '' || url.password !== '') {
		throw badBaseUrl(
			"The credential's Base URL must not hold a user name or password (user:pass@)",
			'The CC-Gateway authenticates each agent by its Guid, not by the URL. Remove the part before @',
		);
	}
	if (url.search !== '' || text.includes('?')) {
		throw badBaseUrl(
			"The credential's Base URL must not hold a query (?…)",
			'Remove everything from the ? on',
		);
	}
	if (url.hash !== '' || text.includes('#')) {
		throw badBaseUrl(
			"The credential's Base URL must not hold a fragment (#…)",
			'Remove everything from the # on',
		);
	}
	const path = url.pathname.replace(/\/+$/, '');
	if (/\/agentgateway(\/|$)/i.test(path)) {
		throw badBaseUrl(
			"The credential's Base URL must end before /agentgateway",
			`The node adds /agentgateway/resource/… itself. Use ${url.origin}${path.replace(/\/agentgateway(\/.*)?$/i, '')}`,
		);
	}
	return `${url.origin}${path}`;
}

const PEM_MARKER = /-----(BEGIN|END) ([A-Z0-9 ]+)-----/g;
const CA_REMEDY_TAIL =
	"Paste the PEM of the CA that issued the gateway's certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----, one block per CA. Nothing was sent.";

function badCa(message: string, remedy = CA_REMEDY_TAIL): TransportError {
	return new TransportError(
		'badCaCertificate',
		`The credential's CA Certificate ${message}`,
		remedy,
		false,
	);
}

/**
 * Reads the pasted CA field: each CERTIFICATE block is checked by parsing it, and re-emitted in
 * canonical form (so a block whose line breaks were lost in pasting still works). Anything that is
 * not a certificate is refused with what it is.
 */
export function parseCaCertificates(value: unknown): string | undefined {
	const text = typeof value === 'string' ? value.trim() : '';
	if (text === '') return undefined;
	if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
		throw badCa(
			'holds a private key, not a certificate',
			"Remove the key (and keep it secret: n8n never needs it). Paste only the CA's certificate, -----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----. Nothing was sent.",
		);
	}
	const markers = [...text.matchAll(PEM_MARKER)].map((m) => ({
		kind: m[1],
		label: m[2],
		at: m.index,
		end: m.index + m[0].length,
	}));
	if (markers.length === 0) {
		throw badCa(
			'is not PEM: it has no -----BEGIN CERTIFICATE----- line',
			`A binary (DER, .cer/.crt) certificate must be converted first, e.g. openssl x509 -inform der -in ca.cer -out ca.pem. ${CA_REMEDY_TAIL}`,
		);
	}
	const blocks: string[] = [];
	for (let i = 0; i < markers.length; i++) {
		const begin = markers[i];
		const n = blocks.length + 1;
		if (begin.kind !== 'BEGIN')
			throw badCa(
				`has an -----END ${begin.label}----- line without its -----BEGIN line (block ${n} is cut short at the start)`,
			);
		if (begin.label !== 'CERTIFICATE')
			throw badCa(`block ${n} is a ${begin.label}, not a CERTIFICATE`);
		const end = markers[i + 1];
		if (!end) throw badCa(`block ${n} is cut short: it has no -----END CERTIFICATE----- line`);
		if (end.kind === 'BEGIN') {
			throw badCa(
				`block ${n} runs into the next one: a -----BEGIN line comes before its -----END CERTIFICATE----- line (two blocks run together, or block ${n} is cut short)`,
			);
		}
		if (end.label !== 'CERTIFICATE')
			throw badCa(`block ${n} begins as CERTIFICATE but ends as ${end.label}`);
		const body = text.slice(begin.end, end.at).replace(/\s+/g, '');
		if (body === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
			throw badCa(
				`block ${n} holds characters a PEM certificate cannot hold (only base64 belongs between its -----BEGIN and -----END lines)`,
			);
		}
		const pem = `-----BEGIN CERTIFICATE-----\n${body.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----`;
		try {
			new X509Certificate(pem);
		} catch {
			throw badCa(`block ${n} is not a valid certificate: it is damaged or cut short`);
		}
		blocks.push(pem);
		i++;
	}
	return blocks.join('\n');
}

/**
 * CA fields already read, by their text: parsing a certificate costs ~0.3 ms, paid on every execution
 * otherwise (a CA is public; a field that fails is never kept, so its error is raised every time).
 */
const caRead = new Map<string, string | undefined>();
const CA_READ_MAX = 32;

function readCaOnce(value: unknown): string | undefined {
	if (typeof value !== 'string') return parseCaCertificates(value);
	if (caRead.has(value)) return caRead.get(value);
	const ca = parseCaCertificates(value);
	if (caRead.size >= CA_READ_MAX) caRead.delete(caRead.keys().next().value as string);
	caRead.set(value, ca);
	return ca;
}

/** The connection of one credential, resolved once per execution. */
export function parseConnection(data: Record<string, unknown>): Connection {
	return {
		baseUrl: parseBaseUrl(data.baseUrl),
		ca: readCaOnce(data.caPem),
		skipTlsChecks: data.ignoreSslIssues === true,
	};
}
