/**
 * The chip screen's connection to the reader companion: tried once when the screen opens (so
 * the reader's name and the demo's passports can be shown), and again when "Aflæs chip" is
 * tapped if it was not there or has gone. Closed when the screen goes.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CardReaderStatus } from '@openmitid/api';
import { CompanionLink } from './companion-link.js';

export interface Companion {
  /** the reader's last status; undefined while no companion answered */
  status: CardReaderStatus | undefined;
  /** the open link, connecting first when needed (rejects with READER_UNREACHABLE) */
  ensure(): Promise<CompanionLink>;
}

export function useCompanion(): Companion {
  const [status, setStatus] = useState<CardReaderStatus>();
  const link = useRef<CompanionLink | undefined>(undefined);

  const adopt = useCallback((l: CompanionLink) => {
    link.current?.close();
    link.current = l;
    l.onStatus(setStatus);
    setStatus(l.status);
    return l;
  }, []);

  useEffect(() => {
    let live = true;
    CompanionLink.connect().then(
      (l) => (live ? adopt(l) : l.close()),
      () => {
        // no companion yet: "Aflæs chip" tries again and says so
      },
    );
    return () => {
      live = false;
      link.current?.close();
      link.current = undefined;
    };
  }, [adopt]);

  const ensure = useCallback(async () => {
    if (link.current?.open) return link.current;
    return adopt(await CompanionLink.connect());
  }, [adopt]);

  return { status, ensure };
}
