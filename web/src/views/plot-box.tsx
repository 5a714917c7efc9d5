/** A container that shows a DOM node drawn by Observable Plot (redrawn when `draw` changes). */
import { useEffect, useRef } from 'preact/hooks';

export function PlotBox({ draw, label, deps }: { draw: (width: number) => Element | null; label: string; deps: unknown[] }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const width = Math.max(600, Math.min(1100, el.clientWidth || 900));
    const node = draw(width);
    el.replaceChildren(...(node ? [node] : []));
  }, deps);
  return <figure class="plot" ref={host} aria-label={label} />;
}
