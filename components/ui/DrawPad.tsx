import { useEffect, useRef, useState } from 'preact/hooks';

/** The pad's drawing resolution: 28 cells of 10 pixels, like the digits it is compared with. */
const SIZE = 280;
const CELL = 10;
const PEN_WIDTH = 22;

interface Props {
  /**
   * Called when a stroke ends (or the keyboard pen draws) with the ink, 0-1 per
   * pixel, or null when the pad is empty; `fromPreset` when it is the preset digit.
   */
  onInk: (ink: Float32Array | null, fromPreset: boolean) => void;
  /** A digit to put on the pad (for example a held-out one); a new `id` redraws it. */
  preset: { id: number; pixels: Uint8Array } | null;
}

/**
 * A square to draw a digit on: with a mouse, a finger or a pen (pointer
 * events), or from the keyboard: arrows move a round pen, Space lifts or
 * lowers it, Delete clears.
 */
export function DrawPad({ onInk, preset }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<[number, number] | null>(null);
  const [pen, setPen] = useState({ x: 14, y: 10, down: false, focused: false });
  const context = () => canvas.current?.getContext('2d', { willReadFrequently: true }) ?? null;

  const emit = (fromPreset = false) => {
    const c = context();
    if (!c) return;
    const rgba = c.getImageData(0, 0, SIZE, SIZE).data;
    const ink = new Float32Array(SIZE * SIZE);
    let any = false;
    for (let i = 0; i < ink.length; i++) any = (ink[i] = rgba[i * 4 + 3]! / 255) > 0 || any;
    onInk(any ? ink : null, fromPreset);
  };
  const line = (from: [number, number], to: [number, number]) => {
    const c = context();
    if (!c) return;
    Object.assign(c, { strokeStyle: '#fff', lineWidth: PEN_WIDTH, lineCap: 'round', lineJoin: 'round' });
    c.beginPath();
    c.moveTo(...from);
    c.lineTo(...to);
    c.stroke();
  };
  const clear = () => {
    context()?.clearRect(0, 0, SIZE, SIZE);
    onInk(null, false);
  };

  useEffect(() => {
    const c = context();
    if (!c || !preset) return;
    const small = document.createElement('canvas');
    small.width = small.height = 28;
    const image = new ImageData(28, 28);
    preset.pixels.forEach((value, i) => image.data.set([255, 255, 255, value], i * 4));
    small.getContext('2d')!.putImageData(image, 0, 0);
    c.clearRect(0, 0, SIZE, SIZE);
    c.imageSmoothingEnabled = false;
    c.drawImage(small, 0, 0, SIZE, SIZE);
    emit(true);
    // Draws when a new preset arrives (a new `id`, as the prop says). `emit` reports to the parent's onInk,
    // a new function each render: listing it would redraw the preset over the reader's strokes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [preset?.id]);

  const at = (event: PointerEvent): [number, number] => {
    const rect = canvas.current!.getBoundingClientRect();
    return [
      ((event.clientX - rect.left) * SIZE) / rect.width,
      ((event.clientY - rect.top) * SIZE) / rect.height,
    ];
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-1, 0],
      ArrowRight: [1, 0],
      ArrowUp: [0, -1],
      ArrowDown: [0, 1],
    };
    const centre = (x: number, y: number): [number, number] => [(x + 0.5) * CELL, (y + 0.5) * CELL];
    if (event.key in moves) {
      const [dx, dy] = moves[event.key]!;
      const next = {
        ...pen,
        x: Math.min(27, Math.max(0, pen.x + dx)),
        y: Math.min(27, Math.max(0, pen.y + dy)),
      };
      if (pen.down) line(centre(pen.x, pen.y), centre(next.x, next.y));
      setPen(next);
      if (pen.down) emit();
    } else if (event.key === ' ' || event.key === 'Enter') {
      if (!pen.down) line(centre(pen.x, pen.y), centre(pen.x, pen.y));
      setPen({ ...pen, down: !pen.down });
      emit();
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      clear();
    } else {
      return;
    }
    event.preventDefault();
  };

  return (
    <div class="draw-pad">
      <canvas
        ref={canvas}
        width={SIZE}
        height={SIZE}
        tabIndex={0}
        role="application"
        aria-label="Drawing pad for a digit"
        aria-describedby="draw-pad-help"
        onPointerDown={(event) => {
          canvas.current!.setPointerCapture(event.pointerId);
          last.current = at(event);
          line(last.current, last.current);
        }}
        onPointerMove={(event) => {
          if (!last.current) return;
          const point = at(event);
          line(last.current, point);
          last.current = point;
        }}
        onPointerUp={() => {
          last.current = null;
          emit();
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setPen({ ...pen, focused: true })}
        onBlur={() => setPen({ ...pen, focused: false })}
      />
      {pen.focused && (
        <span
          class="draw-pad__cursor"
          data-down={pen.down ? true : undefined}
          style={{ left: `${((pen.x + 0.5) / 28) * 100}%`, top: `${((pen.y + 0.5) / 28) * 100}%` }}
        />
      )}
      <p class="draw-pad__help" id="draw-pad-help">
        Draw with a mouse, finger or pen. Keyboard: arrows move the pen, Space puts it down or lifts it (
        {pen.down ? 'down now' : 'up now'}), Delete clears.
      </p>
      <button type="button" class="button button--secondary" onClick={clear}>
        Clear
      </button>
    </div>
  );
}
