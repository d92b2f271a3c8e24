declare module 'mistral-tokenizer-js' {
  const mistralTokenizer: {
    encode(text: string, addBos?: boolean, addPrecedingSpace?: boolean): number[];
    decode(ids: number[], addBos?: boolean, addPrecedingSpace?: boolean): string;
  };
  export default mistralTokenizer;
}
