{% load i18n static %}<?xml version="1.0" encoding="utf-8"?>
{# The feed as a page in a browser (issue 22, item 16): its title, language, letters and a way back to the archive. The data comes from the feed itself; only the words are the template's. #}
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:template name="date">
    <xsl:param name="value"/>
    <xsl:variable name="month" select="substring($value, 6, 2)"/>
    <xsl:value-of select="number(substring($value, 9, 2))"/><xsl:text> </xsl:text>
    <xsl:choose>{% for month in months %}
      <xsl:when test="$month = '{% if forloop.counter < 10 %}0{% endif %}{{ forloop.counter }}'">{{ month }}</xsl:when>{% endfor %}
    </xsl:choose>
    <xsl:text> </xsl:text><xsl:value-of select="substring($value, 1, 4)"/>
  </xsl:template>
  <xsl:template match="/atom:feed">
    <html lang="{@xml:lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/></title>
        <link rel="stylesheet" href="{% static 'bootstrap/css/bootstrap.min.css' %}"/>
        <link rel="stylesheet" href="{% static 'g40/g40.css' %}"/>
      </head>
      <body>
        <main class="container my-4">
          <h1 class="h2"><xsl:value-of select="atom:title"/></h1>
          <p class="lead"><xsl:value-of select="atom:subtitle"/></p>
          <div class="alert alert-info">
            <p class="mb-1">{% translate "This is the feed of the member letters. To follow the letters in a feed reader, copy the address of this page into it." %}</p>
            <p class="mb-0"><a href="{atom:link[@rel='alternate']/@href}">{% translate "Back to the archive of member letters" %}</a></p>
          </div>
          <h2 class="h4">{% translate "The latest letters" %}</h2>
          <ul>
            <xsl:for-each select="atom:entry">
              <li>
                <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
                <xsl:text> · </xsl:text>
                <xsl:call-template name="date"><xsl:with-param name="value" select="atom:published"/></xsl:call-template>
              </li>
            </xsl:for-each>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
