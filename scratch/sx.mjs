import sax from 'sax';
for (const x of ['<a>Num&#233;rique &#x41; &amp;#233; &lt;</a>','<a/><b/>','<a/>text','<r:resource xmlns:r="http://x" xml:lang="en"><a/></r:resource>','<a>&#0;</a>','<a>&#xD800;</a>','<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', '<a>&nbsp;</a>', '<a x="1" x="2"/>', '<?xml version="1.0"?><a/>', '<a><b></a>']) {
  const p = sax.parser(true, { xmlns: true, position: true });
  const out = []; let err=null;
  p.onerror = (e) => { err = e.message.split('\n')[0]; throw e; };
  p.onopentag = (t) => out.push(['open', t.local, t.uri, Object.values(t.attributes).map(a=>[a.local,a.uri,a.value])]);
  p.ontext = (t) => out.push(['text', t]);
  try { p.write(x).close(); } catch (e) {}
  console.log(JSON.stringify(x), err, JSON.stringify(out));
}
