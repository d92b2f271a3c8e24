import './tables.css';
import { formatBytes, formatCount } from '../../src/lib/core/format';
import { GIB, memoryTable } from '../../src/lib/core/memory';

/**
 * What `parameters` numbers take at fp32, fp16, int8 and 4 bits. On a phone
 * each storage type stacks into a card (`table-stack`, global.css).
 */
export function MemoryTable({ parameters, caption }: { parameters: number; caption: string }) {
  const rows = memoryTable(parameters);
  // One unit for the column, from the largest row, so the sizes line up: GiB from 1 GiB, MiB below.
  const unit = rows[0]!.bytes >= GIB ? 'GiB' : 'MiB';
  return (
    <table class="memory-table table-stack" role="table">
      <caption>{caption}</caption>
      <thead role="rowgroup">
        <tr role="row">
          <th scope="col" role="columnheader">
            Stored as
          </th>
          <th scope="col" role="columnheader" class="numeric">
            Bits each
          </th>
          <th scope="col" role="columnheader" class="numeric">
            Bytes
          </th>
          <th scope="col" role="columnheader" class="numeric">
            Size
          </th>
        </tr>
      </thead>
      <tbody role="rowgroup">
        {rows.map(({ format, bytes }) => (
          <tr key={format.id} role="row">
            <th scope="row" role="rowheader">
              {format.label}
              <span class="memory-table__note">{format.note}</span>
            </th>
            <td role="cell" class="numeric" data-label="Bits each">
              {format.bits}
            </td>
            <td role="cell" class="numeric" data-label="Bytes">
              {formatCount(bytes)}
            </td>
            <td role="cell" class="numeric" data-label="Size">
              {formatBytes(bytes, { unit, decimals: 2 })}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
