// Reads one feed document (a file) with two Node readers and prints, per reader, what each
// item shows: id, title, the date the reader gives it, the author and the categories.
import { readFileSync } from "node:fs";
import Parser from "rss-parser";
import { extractFromXml, extractFromJson } from "@extractus/feed-extractor";

const [file, format] = process.argv.slice(2);
const text = readFileSync(file, "utf8");
const out = {};
if (format !== "json") {
  const feed = await new Parser().parseString(text);
  out["rss-parser"] = feed.items.map((i) => ({
    id: i.guid || i.id, title: i.title, date: i.updated || i.isoDate || i.pubDate,
    author: i.creator || i.author || null, categories: i.categories || [],
  }));
}
const opts = { normalization: true };
const extracted = format === "json" ? extractFromJson(JSON.parse(text), opts)
  : extractFromXml(text, opts);
// Its normalized entries carry one date ("published": Atom updated, RSS pubDate, JSON Feed
// date_published) and no author.
out["feed-extractor"] = extracted.entries.map((e) => ({
  id: e.id, title: e.title, date: e.published, author: "(not read)", categories: [],
}));
console.log(JSON.stringify(out));
