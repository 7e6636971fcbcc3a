export { ApprovalClient, proofFromLink, type ApprovalClientOptions, type ApprovalOutcome } from './client.js';
