/**
 * What this browser keeps of its MitID app, in IndexedDB: the device key pair (CryptoKey
 * objects stored by structured clone — the private key is generated NON-extractable by
 * @openmitid/app's keys.ts, so neither page script nor a copy of the database can read it
 * out) and, once the server has activated the app, its id.
 *
 * One app per browser profile. Every page that acts as the app (approval, copy, self-service)
 * goes through this module:
 *
 *   const store = deviceStore();
 *   const app = await store.app();            // StoredApp | undefined
 *   const mitid = await store.mitIdApp(base); // MitIdApp (key + PIN checks) | undefined
 *
 * Activation uses `store.keys` (a KeyStore for ActivationClient) under `activationKeyId(flowId)`
 * and calls `store.saveApp` when the server answers `completed`.
 */
import { MitIdApp, type KeyStore, type PinOptions } from '@openmitid/app';

const DB_NAME = 'openmitid-device';
const DB_VERSION = 1;
const KEYS = 'keys';
const META = 'meta';
const APP_RECORD = 'app';

/** The activated app on this device, as the server knows it. */
export interface StoredApp {
  /** the app id the server gave at activation */
  appId: string;
  /** the name its key pair is stored under in `keys` */
  keyId: string;
  /** ISO time of the activation (device clock; informational) */
  activatedAt: string;
  /** the person chose to unlock with the platform authenticator (the server recorded it too) */
  biometrics: boolean;
  /** a Web Push subscription was handed to the server */
  notifications: boolean;
}

/** The key name an activation flow uses: a reload or a resumed flow finds the same key, and a new activation never overwrites the active app's key. */
export function activationKeyId(flowId: string): string {
  return `activation:${flowId}`;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(name: string): Promise<IDBDatabase> {
  const open = indexedDB.open(name, DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains(KEYS)) db.createObjectStore(KEYS);
    if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
  };
  return request(open);
}

/** IndexedDB KeyStore: holds CryptoKeyPair objects themselves, never key bytes. */
export class IndexedDbKeyStore implements KeyStore {
  constructor(private readonly db: () => Promise<IDBDatabase>) {}

  async #run<T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.db();
    return request(work(db.transaction(KEYS, mode).objectStore(KEYS)));
  }

  async get(id: string): Promise<CryptoKeyPair | undefined> {
    const pair = (await this.#run('readonly', (s) => s.get(id))) as CryptoKeyPair | undefined;
    return pair ?? undefined;
  }

  async put(id: string, pair: CryptoKeyPair): Promise<void> {
    await this.#run('readwrite', (s) => s.put(pair, id));
  }

  async delete(id: string): Promise<void> {
    await this.#run('readwrite', (s) => s.delete(id));
  }
}

export class DeviceStore {
  readonly keys: IndexedDbKeyStore;
  #db: Promise<IDBDatabase> | undefined;

  constructor(private readonly name = DB_NAME) {
    this.keys = new IndexedDbKeyStore(() => this.#open());
  }

  #open(): Promise<IDBDatabase> {
    // opened lazily and once: pages that never touch the app never create the database
    this.#db ??= openDb(this.name);
    return this.#db;
  }

  async #meta<T>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.#open();
    return request(work(db.transaction(META, mode).objectStore(META)));
  }

  /** The activated app of this device, if any. */
  async app(): Promise<StoredApp | undefined> {
    return ((await this.#meta('readonly', (s) => s.get(APP_RECORD))) as StoredApp | undefined) ?? undefined;
  }

  /** Records the app the server has just activated; a previous app's key on this device is deleted (one app per device). */
  async saveApp(app: StoredApp): Promise<void> {
    const previous = await this.app();
    await this.#meta('readwrite', (s) => s.put(app, APP_RECORD));
    if (previous && previous.keyId !== app.keyId) await this.keys.delete(previous.keyId);
  }

  /** Forgets the app and deletes its key (after removal in self-service, or when the server says it is gone). */
  async forgetApp(): Promise<void> {
    const previous = await this.app();
    await this.#meta('readwrite', (s) => s.delete(APP_RECORD));
    if (previous) await this.keys.delete(previous.keyId);
  }

  /** The SDK's app object for the stored app (PIN checks signed by its key), or undefined when none is activated here. */
  async mitIdApp(apiBaseUrl: string, pin?: PinOptions): Promise<MitIdApp | undefined> {
    const app = await this.app();
    if (!app) return undefined;
    return new MitIdApp({ baseUrl: apiBaseUrl, keys: this.keys, keyId: app.keyId, ...(pin ? { pin } : {}) }, app.appId);
  }
}

let shared: DeviceStore | undefined;

/** The page's one device store (database `openmitid-device`). */
export function deviceStore(): DeviceStore {
  shared ??= new DeviceStore();
  return shared;
}
