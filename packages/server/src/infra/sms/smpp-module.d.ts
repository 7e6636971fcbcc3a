// The `smpp` package ships no types; this covers what infra/sms and its tests use.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer } from 'node:net';

  export interface PDU {
    command: string;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    response(options?: Record<string, unknown>): PDU;
    isResponse(): boolean;
  }

  type Callback = (pdu: PDU) => void;

  export interface Session extends EventEmitter {
    send(pdu: PDU, responseCallback?: Callback): boolean;
    bind_transmitter(options: Record<string, unknown>, responseCallback?: Callback): boolean;
    submit_sm(options: Record<string, unknown>, responseCallback?: Callback): boolean;
    unbind(responseCallback?: Callback): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  interface Smpp {
    connect(options: { host: string; port: number; connectTimeout?: number }, listener?: () => void): Session;
    createServer(options: Record<string, unknown>, listener?: (session: Session) => void): Server;
    PDU: new (command: string, options?: Record<string, unknown>) => PDU;
    ESME_ROK: number;
    ESME_RBINDFAIL: number;
    ESME_RSUBMITFAIL: number;
    ESME_RINVDSTADR: number;
  }
  const smpp: Smpp;
  export default smpp;
}
