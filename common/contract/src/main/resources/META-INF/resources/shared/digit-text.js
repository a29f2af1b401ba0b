// A digit written as text (tvae.digit.DigitText): a row marker U+0100+row starts a row, then one character per pixel
// from the base64 digits ('0' = background ... '/' = full ink); other characters are ignored, as DigitText.read does.
// Served by every service from common/contract (/shared/digit-text.js): the evaluator's dashboard and the inference
// service's playground draw digits the same way.
'use strict';

const DIGIT_LEVELS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+/';

/** Whether a decoded text is a digit (its first character a row marker) rather than a line of text. */
function isDigitText(text) {
  return typeof text === 'string' && text.length > 0 && text.charCodeAt(0) >= 0x100 && text.charCodeAt(0) < 0x180;
}

function digitCanvas(text, size = 14, scale = 4) {
  const canvas = document.createElement('canvas');
  canvas.className = 'digit';
  canvas.width = size * scale;
  canvas.height = size * scale;
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  let row = 0;
  let column = 0;
  for (const c of text) {
    const marker = c.charCodeAt(0) - 0x100;
    const level = DIGIT_LEVELS.indexOf(c);
    if (marker >= 0 && marker < 128) {
      row = marker;
      column = 0;
    } else if (level >= 0) {
      if (column < size && row < size && level > 0) {
        const ink = Math.round(255 * (1 - level / 63));
        context.fillStyle = `rgb(${ink},${ink},${ink})`;
        context.fillRect(column * scale, row * scale, scale, scale);
      }
      column++;
    }
  }
  return canvas;
}
