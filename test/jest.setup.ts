// n8n-core writes ~/.n8n/config (with a generated encryption key) on first use; keep that out of the
// developer's home: one folder per jest worker, reused across runs.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = join(tmpdir(), `n8n-cec-test-${process.env.JEST_WORKER_ID ?? '0'}`);
mkdirSync(folder, { recursive: true });
process.env.N8N_USER_FOLDER = folder;
