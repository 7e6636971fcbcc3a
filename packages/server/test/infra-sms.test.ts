import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Server as SmppServer, type Session } from 'smpp';
import { createHttpSms, createOutboxSms, createSmppSms, createSmsSender, SmsError, type SmppSms } from '../src/infra/sms/index.js';
import { stores, type TestStore } from './support/db.js';

async function failure(p: Promise<unknown>): Promise<SmsError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(SmsError);
  expect((e as SmsError).code).toBe('SMS_SEND_FAILED');
  return e as SmsError;
}

const msg = { to: '+4512345678', text: 'OpenMitID: 482913' };

describe.each(stores)('outbox SMS on $name', (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await kind.open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('stores messages in order and lists them, all or for one number', async () => {
    let t = Date.parse('2026-11-25T10:00:00.000Z');
    const outbox = createOutboxSms(store.db, () => new Date((t += 1000)));
    await outbox.send(msg);
    await outbox.send({ to: '+299123456', text: 'Kode æøå 1' });
    await outbox.send({ to: msg.to, text: 'OpenMitID: 000111' });
    expect(await outbox.list()).toEqual([
      { to: '+4512345678', text: 'OpenMitID: 482913', at: '2026-11-25T10:00:01.000Z' },
      { to: '+299123456', text: 'Kode æøå 1', at: '2026-11-25T10:00:02.000Z' },
      { to: '+4512345678', text: 'OpenMitID: 000111', at: '2026-11-25T10:00:03.000Z' },
    ]);
    expect((await outbox.list('+4512345678')).map((m) => m.text)).toEqual(['OpenMitID: 482913', 'OpenMitID: 000111']);
    expect(await outbox.list('+4500000000')).toEqual([]);
  });

  it('refuses a number that is not E.164 and stores nothing', async () => {
    const outbox = createSmsSender({ kind: 'outbox' }, store.db, { now: () => new Date('2026-11-25T10:00:00.000Z') });
    for (const to of ['12345678', '+45 1234 5678', '+0123456789', '']) await failure(outbox.send({ to, text: 'x' }));
    expect(await createOutboxSms(store.db, () => new Date(0)).list('12345678')).toEqual([]);
  });
});

describe('HTTP SMS', () => {
  let server: HttpServer;
  let url: string;
  const received: { body: unknown; auth: string | undefined; type: string | undefined }[] = [];
  let answer: (res: import('node:http').ServerResponse) => void = (res) => res.writeHead(202).end('{"id":"m1"}');

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')), auth: req.headers.authorization, type: req.headers['content-type'] });
        answer(res);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
  afterEach(() => {
    received.length = 0;
    answer = (res) => res.writeHead(202).end('{"id":"m1"}');
  });

  it('posts the message as JSON with the bearer token', async () => {
    await createHttpSms({ url, token: 't0k', from: 'OpenMitID' }).send({ to: msg.to, text: 'Kode: 1 – æøå' });
    expect(received).toEqual([{ body: { from: 'OpenMitID', to: '+4512345678', text: 'Kode: 1 – æøå' }, auth: 'Bearer t0k', type: 'application/json' }]);
  });

  it("uses the provider's field names when told", async () => {
    await createHttpSms({ url, from: 'OpenMitID', fields: { from: 'sender', to: 'recipient', text: 'message' } }).send(msg);
    expect(received.map((r) => r.body)).toEqual([{ sender: 'OpenMitID', recipient: '+4512345678', message: 'OpenMitID: 482913' }]);
    expect(received[0]!.auth).toBeUndefined();
  });

  it('fails with SMS_SEND_FAILED on a status other than 2xx', async () => {
    for (const status of [400, 401, 500, 503, 302]) {
      answer = (res) => res.writeHead(status, { location: '/elsewhere' }).end('{"error":"no"}');
      const e = await failure(createHttpSms({ url, from: 'OpenMitID' }).send(msg));
      if (status !== 302) expect(e.message).toContain(String(status));
    }
  });

  it('fails with SMS_SEND_FAILED when the provider does not answer in time', async () => {
    answer = () => {}; // never answers
    const e = await failure(createHttpSms({ url, from: 'OpenMitID', timeoutMs: 150 }).send(msg));
    expect(e.message).toMatch(/in time/);
  });

  it('fails with SMS_SEND_FAILED when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await failure(createHttpSms({ url: `http://127.0.0.1:${port}/`, from: 'x' }).send(msg));
  });

  it('never sends to a malformed number', async () => {
    await failure(createHttpSms({ url, from: 'x' }).send({ to: '4512345678', text: 'x' }));
    expect(received).toEqual([]);
  });
});

/** An SMSC for tests, from the same package: records binds and submit_sm PDUs, answers as told. */
class TestSmsc {
  server!: SmppServer;
  port = 0;
  binds: { system_id: unknown; password: unknown }[] = [];
  submits: PDU[] = [];
  submitStatus = smpp.ESME_ROK;
  silent = false;
  sessions: Session[] = [];

  async start(): Promise<void> {
    this.server = smpp.createServer({}, (session) => {
      this.sessions.push(session);
      session.on('error', () => {});
      session.on('bind_transmitter', (pdu: PDU) => {
        this.binds.push({ system_id: pdu.system_id, password: pdu.password });
        const ok = pdu.system_id === 'openmitid' && pdu.password === 'secret1';
        session.send(pdu.response({ command_status: ok ? smpp.ESME_ROK : smpp.ESME_RBINDFAIL }));
      });
      session.on('submit_sm', (pdu: PDU) => {
        this.submits.push(pdu);
        if (this.silent) return;
        session.send(pdu.response({ command_status: this.submitStatus, message_id: String(this.submits.length) }));
      });
      session.on('unbind', (pdu: PDU) => {
        session.send(pdu.response());
        session.close();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sessions) s.destroy();
    await new Promise((r) => this.server.close(r));
  }
}

describe('SMPP SMS', () => {
  const smsc = new TestSmsc();
  const senders: SmppSms[] = [];
  const sender = (over: Partial<Parameters<typeof createSmppSms>[0]> = {}) => {
    const s = createSmppSms({ host: '127.0.0.1', port: smsc.port, systemId: 'openmitid', password: 'secret1', from: 'OpenMitID', ...over });
    senders.push(s);
    return s;
  };
  beforeAll(() => smsc.start());
  afterAll(() => smsc.stop());
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((s) => s.close()));
    smsc.binds = [];
    smsc.submits = [];
    smsc.submitStatus = smpp.ESME_ROK;
    smsc.silent = false;
  });

  it('binds once and submits each message with its destination, sender and text', async () => {
    const s = sender();
    await s.send({ to: '+4512345678', text: 'Din kode: 482913 (æøå)' });
    await s.send({ to: '+299123456', text: 'OpenMitID: 000111' });
    expect(smsc.binds).toEqual([{ system_id: 'openmitid', password: 'secret1' }]);
    expect(smsc.submits).toHaveLength(2);
    const [a, b] = smsc.submits as [PDU, PDU];
    expect(a.destination_addr).toBe('4512345678');
    expect(a.dest_addr_ton).toBe(1);
    expect(a.dest_addr_npi).toBe(1);
    expect(a.source_addr).toBe('OpenMitID');
    expect(a.source_addr_ton).toBe(5);
    expect((a.short_message as { message: string }).message).toBe('Din kode: 482913 (æøå)');
    expect(b.destination_addr).toBe('299123456');
    expect((b.short_message as { message: string }).message).toBe('OpenMitID: 000111');
  });

  it('sends a numeric sender as an international number and a long text as message_payload', async () => {
    const long = 'OpenMitID: 482913. '.repeat(10);
    await sender({ from: '+4570000000' }).send({ to: msg.to, text: long });
    const [p] = smsc.submits as [PDU];
    expect(p.source_addr).toBe('4570000000');
    expect(p.source_addr_ton).toBe(1);
    expect((p.message_payload as { message: string }).message).toBe(long);
  });

  it("answers the SMSC's enquire_link so the bind is kept", async () => {
    const s = sender();
    await s.send(msg);
    const server = smsc.sessions.at(-1)!;
    const resp = await new Promise<PDU>((resolve) => server.send(new smpp.PDU('enquire_link', {}), resolve));
    expect(resp.command).toBe('enquire_link_resp');
    expect(resp.command_status).toBe(smpp.ESME_ROK);
    await s.send(msg);
    expect(smsc.binds).toHaveLength(1);
  });

  it('a refused bind is SMS_SEND_FAILED', async () => {
    const e = await failure(sender({ password: 'wrong' }).send(msg));
    expect(e.message).toMatch(/bind refused/);
    expect(smsc.submits).toHaveLength(0);
  });

  it('a refused submit is SMS_SEND_FAILED; the bind stays usable', async () => {
    const s = sender();
    smsc.submitStatus = smpp.ESME_RINVDSTADR;
    expect((await failure(s.send(msg))).message).toMatch(/submit_sm refused/);
    smsc.submitStatus = smpp.ESME_ROK;
    await s.send(msg);
    expect(smsc.binds).toHaveLength(1);
  });

  it('no answer to submit_sm is SMS_SEND_FAILED; the next send binds again', async () => {
    const s = sender({ timeoutMs: 1000 }); // per step: the later bind and submit each get as long
    smsc.silent = true;
    expect((await failure(s.send(msg))).message).toMatch(/in time/);
    smsc.silent = false;
    await s.send(msg);
    expect(smsc.binds).toHaveLength(2);
    expect(smsc.submits).toHaveLength(2);
  });

  it('a connection the SMSC dropped is replaced on the next send', async () => {
    const s = sender();
    await s.send(msg);
    for (const session of smsc.sessions) session.destroy();
    // the drop may not have reached the client yet: then one send fails with the typed error, and the next binds anew
    const first = await s.send(msg).then(
      () => 'sent',
      (e: unknown) => (e as SmsError).code,
    );
    if (first !== 'sent') {
      expect(first).toBe('SMS_SEND_FAILED');
      await s.send(msg);
    }
    expect(smsc.binds).toHaveLength(2);
  });

  it('nothing listening is SMS_SEND_FAILED', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect((await failure(sender({ port }).send(msg))).message).toMatch(/connection failed/);
  });

  it('is what createSmsSender makes for kind smpp', async () => {
    const s = createSmsSender({ kind: 'smpp', host: '127.0.0.1', port: smsc.port, systemId: 'openmitid', password: 'secret1', from: 'OpenMitID' }, undefined as never, () => new Date(0));
    await s.send(msg);
    await s.close();
    expect(smsc.submits).toHaveLength(1);
  });
});
