// Small DOM helpers. Text is only ever set with textContent.

import { linkParts } from "./text.js";

export function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

export function linkified(text) {
  return linkParts(text).map((part) =>
    part.href ? element("a", { href: part.href, text: part.text, target: "_blank", rel: "noopener noreferrer" }) : part.text,
  );
}
