/**
 * The demo's reader: virtual passports (chip dumps written by `openmitid passport issue` or
 * the demo) served by @openmitid/mrtd's VirtualChip. One passport lies on the reader at a
 * time; the page may ask for another (`insert`), and tests may take it off (`remove`).
 */
import { basename } from 'node:path';
import { decodeDg1, mrzKeyFromMrz, parseMrz, readChipDump, readChipPrivateKey, VirtualChip, type VirtualChipOptions } from '@openmitid/mrtd';
import type { CardReaderEvent, CardReaderStatus, VirtualCard } from '@openmitid/api';
import { ChangeListeners, ReaderError, type CardBackend } from './backend.js';

interface LoadedCard extends VirtualCard {
  chip: VirtualChipOptions;
}

export class VirtualBackend implements CardBackend {
  readonly #cards: LoadedCard[];
  readonly #changes = new ChangeListeners();
  #inserted: LoadedCard | undefined;
  #chip: VirtualChip | undefined;
  /** the card was taken off while in use: the next APDU gets READER_CARD_REMOVED, not READER_NO_CARD */
  #removed = false;

  private constructor(cards: LoadedCard[]) {
    this.#cards = cards;
  }

  /** Loads each chip dump folder; the first passport lies on the reader. Ids are the folder names (unique) or 1, 2, …. */
  static async fromDirs(dirs: readonly string[]): Promise<VirtualBackend> {
    if (dirs.length === 0) throw new TypeError('at least one passport folder');
    const names = dirs.map((d) => basename(d));
    const unique = new Set(names).size === names.length;
    const cards: LoadedCard[] = [];
    for (const [i, dir] of dirs.entries()) {
      const files = await readChipDump(dir);
      const dg1 = files.get('DG1');
      if (!dg1) throw new TypeError(`${dir} has no DG1.bin: the virtual chip's key is its MRZ`);
      const mrz = parseMrz(decodeDg1(dg1).lines);
      const aaPrivateKey = await readChipPrivateKey(dir);
      cards.push({
        id: unique ? names[i]! : String(i + 1),
        label: `${mrz.givenNames} ${mrz.surname}`.trim(),
        chip: { files, mrzKey: mrzKeyFromMrz(mrz), ...(aaPrivateKey ? { aaPrivateKey } : {}) },
      });
    }
    const backend = new VirtualBackend(cards);
    backend.#put(cards[0]);
    return backend;
  }

  status(): CardReaderStatus {
    return {
      backend: 'virtual',
      reader: 'OpenMitID virtual reader',
      card: this.#chip !== undefined,
      virtualCards: this.#cards.map(({ id, label }) => ({ id, label })),
      inserted: this.#inserted?.id ?? null,
    };
  }

  async reset(): Promise<void> {
    if (this.#inserted) this.#chip = new VirtualChip(this.#inserted.chip);
  }

  async transmit(command: Uint8Array): Promise<Uint8Array> {
    if (!this.#chip) throw new ReaderError(this.#removed ? 'READER_CARD_REMOVED' : 'READER_NO_CARD', 'no passport on the virtual reader');
    return this.#chip.transceive(command);
  }

  async insert(card: string): Promise<void> {
    const found = this.#cards.find((c) => c.id === card);
    if (!found) throw new ReaderError('READER_UNKNOWN_CARD', `no virtual passport ${card}`);
    this.#put(found);
    this.#changes.emit('card-inserted');
  }

  /** Takes the passport off the reader (a person lifting the phone mid-read). */
  remove(): void {
    if (!this.#chip) return;
    this.#chip = undefined;
    this.#inserted = undefined;
    this.#removed = true;
    this.#changes.emit('card-removed');
  }

  onChange(listener: (event: CardReaderEvent) => void): () => void {
    return this.#changes.add(listener);
  }

  async close(): Promise<void> {
    this.#chip = undefined;
  }

  #put(card: LoadedCard | undefined): void {
    this.#inserted = card;
    this.#chip = card ? new VirtualChip(card.chip) : undefined;
    this.#removed = false;
  }
}
