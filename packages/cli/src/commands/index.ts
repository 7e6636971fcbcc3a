import type { Command } from '../command.js';
import { passportInspect } from './passport-inspect.js';
import { passportIssue } from './passport-issue.js';
import { passportRead } from './passport-read.js';
import { smsOutbox } from './sms-outbox.js';
import { auditVerify } from './audit-verify.js';
import { tokensImport } from './tokens-import.js';
import { serve } from './serve.js';
import { demo } from './demo.js';
import { faceCompare } from './face-compare.js';
import { clientsAdd, clientsList, clientsRemove } from './clients.js';
import { mrzScan } from './mrz-scan.js';
import { reader } from './reader.js';

/** Every command of `openmitid`, in the order `openmitid help` lists them. Add new commands here. */
export const commands: Command[] = [passportIssue, passportInspect, passportRead, smsOutbox, auditVerify, tokensImport, serve, demo, faceCompare, clientsAdd, clientsList, clientsRemove, mrzScan, reader];
