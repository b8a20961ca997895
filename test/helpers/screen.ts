import { Writable } from 'node:stream';

/**
 * A terminal, enough of one to replay what cli-progress and the log lines write: characters
 * overwrite, \r and \n move, and the ANSI sequences readline emits (cursor up/down/column, clear
 * line, clear below, save/restore). What is left on `rows` is what a person would read.
 */
export class Screen extends Writable {
  readonly isTTY = true;
  readonly columns = 160;
  readonly rows: string[] = [''];
  private x = 0;
  private y = 0;
  private saved = { x: 0, y: 0 };

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.feed(chunk.toString());
    done();
  }

  private put(c: string): void {
    while (this.rows.length <= this.y) this.rows.push('');
    const row = this.rows[this.y].padEnd(this.x, ' ');
    this.rows[this.y] = row.slice(0, this.x) + c + row.slice(this.x + 1);
    this.x++;
  }

  private feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\n') {
        this.y++;
        this.x = 0;
        while (this.rows.length <= this.y) this.rows.push('');
      } else if (c === '\r') this.x = 0;
      else if (c === '\u001b') {
        const rest = text.slice(i + 1);
        const csi = /^\[(\??)(\d*)(?:;(\d*))?([A-Za-z])/.exec(rest);
        if (rest[0] === '7' || rest[0] === '8') {
          if (rest[0] === '7') this.saved = { x: this.x, y: this.y };
          else ({ x: this.x, y: this.y } = this.saved);
          i += 1;
          continue;
        }
        if (!csi) throw new Error(`unexpected escape ${JSON.stringify(rest.slice(0, 8))}`);
        const n = csi[2] === '' ? 1 : Number(csi[2]);
        switch (csi[4]) {
          case 'A':
            this.y = Math.max(0, this.y - n);
            break;
          case 'B':
            this.y += n;
            break;
          case 'C':
            this.x += n;
            break;
          case 'D':
            this.x = Math.max(0, this.x - n);
            break;
          case 'G':
            this.x = n - 1;
            break;
          case 'K':
            // 2K: the whole line; K/0K: to its end; 1K: to the cursor.
            if (csi[2] === '2') this.rows[this.y] = '';
            else if (csi[2] === '' || csi[2] === '0') this.rows[this.y] = (this.rows[this.y] ?? '').slice(0, this.x);
            break;
          case 'J':
            this.rows[this.y] = (this.rows[this.y] ?? '').slice(0, this.x);
            this.rows.length = this.y + 1;
            break;
          default:
            break; // colours, cursor visibility
        }
        i += csi[0].length;
      } else this.put(c);
    }
  }
}
