<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows an RSS 2.0 or Atom 1.0 feed of this service as a page when opened in a browser.
     Feed readers ignore it. Labels are in English and Indonesian: XSLT cannot read the
     browser's Accept-Language. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="no"/>
  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width,initial-scale=1"/>
        <title><xsl:value-of select="rss/channel/title|atom:feed/atom:title"/></title>
        <link rel="stylesheet" href="/static/pages.css"/>
      </head>
      <body>
        <header><nav aria-label="Main"><a class="brand" href="/">newswire</a></nav></header>
        <main id="main">
          <h1><xsl:value-of select="rss/channel/title|atom:feed/atom:title"/></h1>
          <p class="ok">This is a feed: copy its address into a feed reader.
            <span lang="id">Ini adalah feed: salin alamatnya ke pembaca feed.</span></p>
          <xsl:apply-templates select="rss/channel/item|atom:feed/atom:entry"/>
        </main>
      </body>
    </html>
  </xsl:template>
  <xsl:template match="item">
    <article class="card">
      <h2><a href="{link}"><xsl:value-of select="title"/></a></h2>
      <p class="meta"><xsl:value-of select="pubDate"/></p>
      <p><xsl:value-of select="description"/></p>
    </article>
  </xsl:template>
  <xsl:template match="atom:entry">
    <article class="card">
      <h2><a href="{atom:link[@rel='alternate' or not(@rel)]/@href}"><xsl:value-of select="atom:title"/></a></h2>
      <p class="meta"><xsl:value-of select="atom:updated"/></p>
      <p><xsl:value-of select="atom:summary"/></p>
    </article>
  </xsl:template>
</xsl:stylesheet>
