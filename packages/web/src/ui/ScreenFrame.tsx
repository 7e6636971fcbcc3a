/**
 * One screen of a flow: its heading takes focus when the screen appears, so keyboard and
 * screen-reader users land on the new step instead of on a button that no longer exists.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export function ScreenFrame({ title, children }: { title: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <section className="screen" aria-labelledby="screen-title">
      <h1 id="screen-title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </section>
  );
}
