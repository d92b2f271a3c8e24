interface Props {
  /** The file's name, e.g. `tokens-text.txt`. */
  name: string;
  /** What the file holds, read when the reader clicks (so typing never builds files). */
  text: () => string;
  label: string;
}

/**
 * A button that saves some text as a file: the way to keep what the page
 * address cannot carry (too long, or a broken character), made in the page
 * with nothing sent anywhere. The file is UTF-8 as typed; a lone surrogate,
 * which UTF-8 cannot hold, becomes U+FFFD.
 */
export function SaveAsFile({ name, text, label }: Props) {
  const save = () => {
    const url = URL.createObjectURL(new Blob([text()], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.click();
    // The download has its own copy once started; the next task is late enough to let go of ours.
    setTimeout(() => URL.revokeObjectURL(url));
  };
  return (
    <button type="button" class="button button--secondary" onClick={save}>
      {label}
    </button>
  );
}
