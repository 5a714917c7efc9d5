/**
 * The alliance network drawn from the scenario as it is edited: actors on a circle (coloured by
 * the theatre that holds most of their power), each alliance as a square at the centre of its
 * members (a solid line to each member), partners joined to the alliance that aids them by a
 * dashed line, enabler links as orange arrows from the enabler to its client. Plain SVG.
 */
import type { Scenario } from '../../../src/scenario/index.js';

const THEATRE_COLORS = ['#3661ad', '#2a9d6f', '#b5446e', '#7a5cc2', '#8c6d31', '#4e9fb8'];
const ALLIANCE_COLORS = ['#1f4e9c', '#a33b3b', '#3d7a3d', '#7a5cc2', '#8c6d31'];

export function NetworkDrawing({ scenario, size = 360 }: { scenario: Scenario; size?: number }) {
  const theatres = scenario.theatres.map((t) => t.id);
  const mainTheatre = (shares: Record<string, number>) => Object.entries(shares).sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  // Members of the same alliance sit next to each other on the circle.
  const firstAlliance = (id: string) => {
    const i = scenario.alliances.findIndex((a) => a.members.includes(id));
    return i < 0 ? scenario.alliances.length : i;
  };
  const actors = [...scenario.actors].sort((a, b) => firstAlliance(a.id) - firstAlliance(b.id) || (a.id < b.id ? -1 : 1));
  const c = size / 2;
  const R = size / 2 - 34;
  const pos = new Map(actors.map((a, i) => [a.id, { x: c + R * Math.cos((2 * Math.PI * i) / actors.length - Math.PI / 2), y: c + R * Math.sin((2 * Math.PI * i) / actors.length - Math.PI / 2) }]));
  const hub = new Map(
    scenario.alliances.map((al) => {
      const ps = al.members.map((m) => pos.get(m)).filter((p): p is { x: number; y: number } => p !== undefined);
      const x = ps.reduce((s, p) => s + p.x, 0) / Math.max(1, ps.length);
      const y = ps.reduce((s, p) => s + p.y, 0) / Math.max(1, ps.length);
      // Pulled toward the centre so that hubs of neighbouring alliances do not sit on the circle.
      return [al.id, { x: c + (x - c) * 0.45, y: c + (y - c) * 0.45 }];
    }),
  );
  return (
    <figure class="network" aria-labelledby="net-cap">
      <svg viewBox={`0 0 ${size} ${size}`} width={size} height={size} role="img" aria-labelledby="net-cap">
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="16" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" fill="#e07b39" />
          </marker>
        </defs>
        {scenario.alliances.map((al, k) =>
          al.members.map((m) => {
            const p = pos.get(m);
            const h = hub.get(al.id)!;
            return p ? <line key={`${al.id}-${m}`} x1={h.x} y1={h.y} x2={p.x} y2={p.y} stroke={ALLIANCE_COLORS[k % ALLIANCE_COLORS.length]} stroke-opacity={0.35} /> : null;
          }),
        )}
        {scenario.partners.map((p) => {
          const a = pos.get(p.actor);
          const h = hub.get(p.supportedBy);
          return a && h ? <line key={`p-${p.actor}`} x1={h.x} y1={h.y} x2={a.x} y2={a.y} stroke="#333" stroke-dasharray="4 3" /> : null;
        })}
        {scenario.enablerLinks.map((e, i) => {
          const a = pos.get(e.from);
          const b = pos.get(e.to);
          return a && b ? (
            <line key={`e-${i}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y} stroke="#e07b39" stroke-width={1.5} marker-end="url(#arrow)">
              <title>{`${e.from} supplies ${e.to} (${e.kind ?? 'munitions'})`}</title>
            </line>
          ) : null;
        })}
        {scenario.alliances.map((al, k) => {
          const h = hub.get(al.id)!;
          return (
            <g key={al.id}>
              <rect x={h.x - 6} y={h.y - 6} width={12} height={12} fill={ALLIANCE_COLORS[k % ALLIANCE_COLORS.length]}>
                <title>{`${al.id}: ${al.kind}, ${al.members.length} members`}</title>
              </rect>
              <text x={h.x + 9} y={h.y + 4} font-size="11" font-weight="600" fill={ALLIANCE_COLORS[k % ALLIANCE_COLORS.length]}>
                {al.id}
              </text>
            </g>
          );
        })}
        {actors.map((a) => {
          const p = pos.get(a.id)!;
          const t = theatres.indexOf(mainTheatre(a.theatreShare));
          const out = { x: p.x - c, y: p.y - c };
          const len = Math.hypot(out.x, out.y) || 1;
          return (
            <g key={a.id}>
              <circle cx={p.x} cy={p.y} r={5} fill={THEATRE_COLORS[(t < 0 ? 0 : t) % THEATRE_COLORS.length]}>
                <title>{`${a.id}${a.name ? `: ${a.name}` : ''}`}</title>
              </circle>
              <text x={p.x + (out.x / len) * 16} y={p.y + (out.y / len) * 16 + 3} font-size="9" text-anchor="middle" fill="#333">
                {a.id}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption id="net-cap">
        Alliance network: {scenario.actors.length} actors (dots, coloured by main theatre:{' '}
        {theatres.map((t, i) => (
          <span key={t} style={{ color: THEATRE_COLORS[i % THEATRE_COLORS.length], fontWeight: 600 }}>
            {t}{i < theatres.length - 1 ? ', ' : ''}
          </span>
        ))}
        ), {scenario.alliances.length} alliances (squares, lines to members), {scenario.partners.length} partners (dashed), {scenario.enablerLinks.length} enabler links (orange arrows).
      </figcaption>
    </figure>
  );
}
