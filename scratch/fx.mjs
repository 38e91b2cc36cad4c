import { XMLValidator, XMLParser } from 'fast-xml-parser';
const p = new XMLParser({preserveOrder:true,ignoreAttributes:false,attributeNamePrefix:'',removeNSPrefix:true,parseTagValue:false,parseAttributeValue:false,trimValues:true,processEntities:true,htmlEntities:false});
for (const x of ['<a>Num&#233;rique &#x41; &amp;#233; &lt;</a>','<a/><b/>','<r:resource xmlns:r="http://x"><a/></r:resource>','<resource xmlns="http://evil"/>','<a>\u0001</a>','<a>&#1;</a>', '<a>&#0;</a>', '<a>&#xD800;</a>', '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>']) {
  console.log(JSON.stringify(x), XMLValidator.validate(x)===true ? 'valid' : XMLValidator.validate(x).err.msg, JSON.stringify(p.parse(x)));
}
