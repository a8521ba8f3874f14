import type { BarChartBlock, Block, MonthChartBlock, ReportDocument, TableBlock } from '../../../electron/api/contract/index';

/**
 * The report as the documents will show it, drawn from the same document
 * the PDF, Excel and Word files are made from (so the figures are the same,
 * rounded once on the main side). React escapes every text; nothing of the
 * report's HTML is injected into the page.
 */
function Table({ t }: { t: TableBlock }) {
  return (
    <table className="rp-table">
      {t.caption && <caption>{t.caption}</caption>}
      <thead>
        <tr>
          {t.columns.map((c, i) => (
            <th key={i} scope="col" className={c.numeric ? 'num' : undefined}>
              {c.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {t.rows.map((r, i) => (
          <tr key={i} className={r.emphasis}>
            {r.cells.map((c, j) =>
              c.kind === 'text' ? (
                j === 0 ? (
                  <th key={j} scope="row" className={r.indent ? `indent-${Math.min(3, r.indent)}` : undefined}>
                    {c.text}
                  </th>
                ) : (
                  <td key={j}>{c.text}</td>
                )
              ) : (
                // Red means unfavourable (the document decides), never merely negative.
                <td key={j} className={c.unfavourable ? 'num unfavourable' : 'num'}>
                  {c.text}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type ChartText = MonthChartBlock['geometry']['titles']['left'];

function SvgText({ t, className }: { t: ChartText; className?: string }) {
  return (
    <text className={className} x={t.x} y={t.y} textAnchor={t.anchor}>
      {t.text}
    </text>
  );
}

/** Budget and utfall (prognos after the period) per month as bars, the accumulated deviation as a line on the right axis. */
function MonthChart({ c }: { c: MonthChartBlock }) {
  const g = c.geometry;
  const { box } = g;
  return (
    <figure className="rp-figure">
      <figcaption>{c.title}</figcaption>
      <svg viewBox={g.viewBox} width={box.width} height={box.height} role="img" aria-label={c.title}>
        {g.ticks.map((t, i) => (
          <g key={i}>
            <line className="grid" x1={box.left} x2={box.width - box.right} y1={t.y} y2={t.y} />
            <SvgText t={t.left} />
            <SvgText t={t.right} />
          </g>
        ))}
        <SvgText t={g.titles.left} className="axis-title" />
        <SvgText t={g.titles.right} className="axis-title" />
        {g.bars.map((b, i) => (
          <rect key={i} className={b.series} x={b.x} y={b.y} width={b.width} height={b.height} />
        ))}
        <line className="axis" x1={box.left} x2={box.width - box.right} y1={g.zeroY} y2={g.zeroY} />
        {g.months.map((t, i) => (
          <SvgText key={i} t={t} />
        ))}
        {g.deviation.actual && <path className="deviation" d={g.deviation.actual} />}
        {g.deviation.forecast && <path className="deviation-forecast" d={g.deviation.forecast} />}
      </svg>
      <div className="rp-legend">
        {c.series.map((s) => (
          <span key={s.role} className={s.role === 'deviation' ? s.role : `${s.role} bar`}>
            {s.name}
          </span>
        ))}
      </div>
    </figure>
  );
}

function BarChart({ c }: { c: BarChartBlock }) {
  const g = c.geometry;
  return (
    <figure className="rp-figure">
      <figcaption>{c.title}</figcaption>
      <svg viewBox={g.viewBox} width={g.width} height={g.height} role="img" aria-label={c.title}>
        {g.ticks.map((t, i) => (
          <g key={i}>
            <line className="grid" x1={t.x} x2={t.x} y1={g.plot.top} y2={g.plot.bottom} />
            <text x={t.x} y={g.plot.bottom + 14} textAnchor="middle">
              {t.label}
            </text>
          </g>
        ))}
        {g.categories.map((cat, i) => (
          <text key={i} x={g.plot.left - 6} y={cat.y + 3} textAnchor="end">
            {cat.label.length > 34 ? `${cat.label.slice(0, 33)}…` : cat.label}
          </text>
        ))}
        {g.bars.map((b, i) => (
          <rect key={i} className={`s${b.series}`} x={b.x} y={b.y} width={b.width} height={b.height} />
        ))}
        <line className="axis" x1={g.zeroX} x2={g.zeroX} y1={g.plot.top} y2={g.plot.bottom} />
      </svg>
      <div className="rp-legend">
        {c.series.map((s, i) => (
          <span key={i} className={`s${i}`}>
            {s.name}
          </span>
        ))}
      </div>
    </figure>
  );
}

function Runs({ runs }: { runs: readonly { text: string; bold: boolean }[] }) {
  return (
    <>
      {runs.map((r, i) => (r.bold ? <b key={i}>{r.text}</b> : <span key={i}>{r.text}</span>))}
    </>
  );
}

function BlockView({ b }: { b: Block }) {
  switch (b.kind) {
    case 'rich':
      return (
        <p>
          <Runs runs={b.runs} />
        </p>
      );
    case 'bullets':
      return (
        <ul className="rp-bullets">
          {b.items.map((item, i) => (
            <li key={i}>
              <Runs runs={item} />
            </li>
          ))}
        </ul>
      );
    case 'heading':
      return b.level === 2 ? <h4 className="rp-h2">{b.text}</h4> : b.level === 3 ? <h4 className="rp-h3">{b.text}</h4> : <h5 className="rp-h4">{b.text}</h5>;
    case 'paragraph':
      return (
        <p className={b.tone ? `rp-${b.tone}` : undefined} {...(b.tone === 'warning' ? { role: 'note' } : {})}>
          {b.text}
        </p>
      );
    case 'labelled':
      return (
        <p className="rp-labelled">
          <b>{b.label}:</b> {b.text}
        </p>
      );
    case 'facts':
      return (
        <dl className="rp-facts">
          {b.items.map((i, k) => (
            <div key={k}>
              <dt>{i.label}:</dt>
              <dd>{i.value}</dd>
            </div>
          ))}
        </dl>
      );
    case 'table':
      return <Table t={b} />;
    case 'month-chart':
      return <MonthChart c={b} />;
    case 'bar-chart':
      return <BarChart c={b} />;
  }
}

export function ReportPreview({ doc }: { doc: ReportDocument }) {
  return (
    <article className="report-preview" aria-label={`Förhandsgranskning: ${doc.title}`} data-testid="report-preview">
      <header className="rp-page rp-front">
        {doc.logo && <img className="rp-logo" src={doc.logo} alt={doc.kommun} />}
        <p className="rp-kommun">{doc.kommun}</p>
        <h3 className="rp-title">{doc.title}</h3>
        <p className="rp-subtitle">{doc.subtitle}</p>
        <dl>
          {doc.front.map((f) => (
            <div key={f.label}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
        {doc.notice && (
          <p className="rp-warning" role="note" data-testid="preview-notice">
            {doc.notice}
          </p>
        )}
        <p className="rp-note">{doc.unitNote}</p>
      </header>
      {doc.sections.map((s) => (
        <section key={s.id} className="rp-page" aria-labelledby={`rp-${s.id}`}>
          <h3 id={`rp-${s.id}`} className="rp-section-title">
            {s.title}
          </h3>
          {s.blocks.map((b, i) => (
            <BlockView key={i} b={b} />
          ))}
        </section>
      ))}
    </article>
  );
}
