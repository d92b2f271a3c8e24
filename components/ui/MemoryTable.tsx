import { formatBytes, formatCount } from '../../src/lib/core/format';
import { GIB, memoryTable } from '../../src/lib/core/memory';

/** What `parameters` numbers take at fp32, fp16, int8 and 4 bits. */
export function MemoryTable({ parameters, caption }: { parameters: number; caption: string }) {
  const rows = memoryTable(parameters);
  // One unit for the column, from the largest row, so the sizes line up: GiB from 1 GiB, MiB below.
  const unit = rows[0]!.bytes >= GIB ? 'GiB' : 'MiB';
  return (
    <table class="memory-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Stored as</th>
          <th scope="col" class="numeric">
            Bits each
          </th>
          <th scope="col" class="numeric">
            Bytes
          </th>
          <th scope="col" class="numeric">
            Size
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ format, bytes }) => (
          <tr key={format.id}>
            <th scope="row">
              {format.label}
              <span class="memory-table__note">{format.note}</span>
            </th>
            <td class="numeric">{format.bits}</td>
            <td class="numeric">{formatCount(bytes)}</td>
            <td class="numeric">{formatBytes(bytes, { unit, decimals: 2 })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
