import { binaryUnitFor, formatBinary, memoryTable } from '../../src/lib/mlp/memory';

const number = (n: number) => n.toLocaleString('en');

/** What `parameters` numbers take at fp32, fp16, int8 and 4 bits. */
export function MemoryTable({ parameters, caption }: { parameters: number; caption: string }) {
  const rows = memoryTable(parameters);
  const unit = binaryUnitFor(rows[0]!.bytes);
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
        {rows.map(({ type, bytes }) => (
          <tr key={type.id}>
            <th scope="row">
              {type.label}
              <span class="memory-table__note">{type.note}</span>
            </th>
            <td class="numeric">{type.bits}</td>
            <td class="numeric">{number(bytes)}</td>
            <td class="numeric">{formatBinary(bytes, unit)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
