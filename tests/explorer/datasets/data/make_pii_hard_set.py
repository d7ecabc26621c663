"""Writes pii_hard.jsonl: the *harder* labelled PII set (en/es/fr/de plus mixed-language rows).

Written by hand by the Glasshouse team: forum posts, support tickets, bios, postal addresses,
chat messages, rows mixing two languages, identifiers inside brackets, quotes, URLs and line
breaks, and near-misses that look like identifiers but are not personal data. Every person,
address and number is invented; IBANs, national ids and card numbers carry valid checksums
(cards are the public test numbers of the card networks) so that checksum-verifying
recognizers are really exercised.

Rows are written with inline markup ⟦TYPE|value⟧; this script strips it and records the
character spans, so offsets are never counted by hand. Run: python make_pii_hard_set.py
The labelling rules are written into the header of the JSONL file (RULES below).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from checksums import de_tax_id, iban, nie, nif, nir  # this folder (run as a script)

HERE = Path(__file__).resolve().parent

RULES = """\
Glasshouse harder PII test set (hand-written; every value is invented).
One JSON object per line: {"id", "language", "kind", "text", "spans": [{"start", "end", "entity_type"}]}.
"language" is the main language of the row; kind "mixed" rows switch language mid-text.
Labelling rules:
 1. PERSON: names of people, full or first name alone, public figures included (a scanner cannot
    tell who is famous). Not: user handles (@ana_88), brand or product names, job titles.
 2. LOCATION: towns, cities, streets and full postal addresses (one span from the street number
    to the city, or the postcode and city). Not: countries, regions, continents (too coarse to
    point at a person), nor company names.
 3. EMAIL_ADDRESS: every address with a local part and a domain, including ones at reserved
    example domains (example.com/.org): a scanner cannot tell a placeholder from a real address;
    lightly obfuscated ones ("name(at)domain.org") count too. A bare alias ("support@") does not.
 4. URL: web addresses (with http(s)://, www., or a domain with a path). A domain that is part
    of an e-mail address is not a separate URL. File names (report.pdf) are not URLs.
 5. PHONE_NUMBER: full phone numbers in any national or international format. Not: order,
    ticket, tracking or invoice numbers, ISBNs, postcodes, dates, prices.
 6. IBAN_CODE, CREDIT_CARD: the full number, spaced or not. Card numbers cut to their last four
    digits ("ending in 4242") are not labelled.
 7. IP_ADDRESS: IPv4 and IPv6 addresses. Not: version numbers such as 2.4.1 or 10.0.19045.
 8. National ids: US_SSN, UK_NINO, ES_NIF (DNI), ES_NIE, DE_TAX_ID (Steuer-ID), FR_NIR.
 9. Near-misses never labelled: version numbers, ISBNs, order/ticket/tracking numbers,
    dates and times, prices, hex hashes and commit ids, percentages, hardware serials.
Spans exclude surrounding brackets, quotes and trailing punctuation.
"""

CODES = {"P": "PERSON", "L": "LOCATION", "E": "EMAIL_ADDRESS", "T": "PHONE_NUMBER",
         "I": "IBAN_CODE", "C": "CREDIT_CARD", "IP": "IP_ADDRESS", "U": "URL", "SSN": "US_SSN",
         "NINO": "UK_NINO", "NIF": "ES_NIF", "NIE": "ES_NIE", "STID": "DE_TAX_ID",
         "NIR": "FR_NIR"}
MARK = re.compile(r"⟦([A-Z]+)\|(.*?)⟧", re.S)


IB = {"de1": iban("DE", "370400440532013000"), "de2": iban("DE", "500105175407324931", False),
      "es1": iban("ES", "21000418450200051332"), "es2": iban("ES", "00491500051234567892"),
      "fr1": iban("FR", "20041010050500013M02606"), "fr2": iban("FR", "30006000011234567890189"),
      "gb1": iban("GB", "NWBK60161331926819"), "nl1": iban("NL", "ABNA0417164300", False),
      "it1": iban("IT", "X0542811101000000123456"), "be1": iban("BE", "539007547034")}


def r(lang: str, kind: str, text: str) -> tuple[str, str, str]:
    return (lang, kind, text)


ROWS = [
    # ------------------------------------------------------------------ English
    r("en", "forum", "Hey all, first post here. I'm ⟦P|Tom⟧ from ⟦L|Leeds⟧ - anyone else running "
      "Ubuntu 22.04 on a ThinkPad? Mine freezes after the 6.5.0-14 kernel update."),
    r("en", "support", "Ticket #448213: customer ⟦P|Priya Raman⟧ (⟦E|priya.raman@outlook.com⟧) "
      "says the app crashes on v2.14.3. Order no. 113-5521904-7781234."),
    r("en", "support", "Hi, my card ending in 4242 was charged twice on 03/11/2024 for $49.99. "
      "Please refund one of them."),
    r("en", "bio", "⟦P|Dr. Helen Okafor⟧ is a senior lecturer at the University of "
      "⟦L|Nottingham⟧. Contact: ⟦E|h.okafor@nottingham.example.ac.uk⟧"),
    r("en", "address", "Ship to:\n⟦P|James O'Connor⟧\n⟦L|14 Baker Street, London NW1 6XE⟧\n"
      "Tel: ⟦T|+44 20 7946 0321⟧"),
    r("en", "chat", "call me on ⟦T|07911 123456⟧ when u land"),
    r("en", "forum", "Re: router issue - set the gateway to ⟦IP|192.168.1.254⟧ and the DNS to "
      "⟦IP|1.1.1.1⟧, then reboot. Firmware 3.2.1.8 fixed it for me."),
    r("en", "support", "Payment failed for card ⟦C|4000 0566 5566 5556⟧, expiry 08/27. "
      "Invoice INV-2024-00917, amount $1,249.00."),
    r("en", "tweet", "Huge thanks to ⟦P|Marcus⟧ and the team in ⟦L|Austin⟧!!! #launchday "
      "⟦U|https://t.co/aB3xYz⟧"),
    r("en", "bio", "About me: I grew up in ⟦L|Cork⟧, studied in ⟦L|Glasgow⟧ and now work as a "
      "nurse. Email [⟦E|siobhan.k@gmail.com⟧]."),
    r("en", "hr", "Employee: ⟦P|Robert Finch⟧, SSN ⟦SSN|472-81-3306⟧, start date 2023-09-01."),
    r("en", "hr", "National Insurance number: ⟦NINO|JG 10 37 78 A⟧ (⟦P|Amelia Hughes⟧)."),
    r("en", "near", "The ISBN is 978-0-306-40615-7 and the second edition costs £24.99."),
    r("en", "near", "Build 4f9a2c1 passed; checksum sha1 3f786850e387550fdab836ed7e6dc881de23001b."),
    r("en", "near", "Python 3.11.4 and numpy 1.26.4 on Windows 10.0.19045 - still failing."),
    r("en", "near", "Meeting moved to 14:30 on 2024-03-15, room 3.12, budget 12,500 USD."),
    r("en", "near", "Tracking number 1Z999AA10123456784, estimated delivery Tuesday."),
    r("en", "support", "Please wire the deposit to IBAN ⟦I|" + IB["gb1"] + "⟧ before Friday."),
    r("en", "support", "My account was hacked from ⟦IP|2001:db8:3c4d:15::1a2f⟧ last night, "
      "please lock it."),
    r("en", "forum", "Full writeup on my blog: ⟦U|https://notes.example.net/posts/raid-rebuild⟧ "
      "(comments welcome)."),
    r("en", "chat", "ok so ⟦P|jess⟧ said the party is at hers, ⟦L|22 Elm Road⟧, bring snacks"),
    r("en", "review", "Stayed three nights in ⟦L|Edinburgh⟧. The host, ⟦P|Callum⟧, was lovely. "
      "5/5 would book again."),
    r("en", "support", "Customer phone: ⟦T|(312) 555-0187⟧; alt: ⟦T|+1 646 555 0132⟧."),
    r("en", "hr", "Please update my payroll card to ⟦C|5200828282828210⟧ - thanks, "
      "⟦P|Dave Kowalski⟧"),
    r("en", "near", "Order #A-2024-118734 shipped on 12/02/2024. Total: $318.40 (incl. tax)."),
    r("en", "near", "Error 0x80070005 at offset 0x7ffe4b2c while loading module 2.3.0."),
    r("en", "near", "Write to support@ for help - no, not an address, just the team alias."),
    r("en", "clean", "The committee meets every second Thursday to review the grant proposals."),
    r("en", "clean", "Honestly the battery life is the best part, easily two days."),
    r("en", "clean", "Does anyone know if the 2019 model supports USB-C charging?"),
    r("en", "address", "Return address: ⟦L|1600 Amphitheatre Pkwy, Mountain View, CA 94043⟧"),
    r("en", "bio", "⟦P|Kenji Watanabe⟧ (he/him) - data engineer, ex-⟦L|Tokyo⟧, now ⟦L|Toronto⟧. "
      "⟦U|www.kenji-w.example.com⟧"),
    r("en", "support", "Logged from host ⟦IP|10.24.3.17⟧ by user admin at 09:14:55 UTC."),
    r("en", "form", "Name: ⟦P|Grace Lee⟧\nEmail: ⟦E|grace.lee+shop@protonmail.com⟧\n"
      "Phone: ⟦T|+1 415 555 0170⟧"),
    r("en", "forum", "Anyone selling a used bike near ⟦L|Bristol⟧? Budget about £200, "
      "DM me."),
    r("en", "support", "Card on file: ⟦C|3782 822463 10005⟧ (Amex). Please remove it."),
    r("en", "news", "Mayor ⟦P|Sadiq Khan⟧ opened the new line in ⟦L|London⟧ on Monday."),
    r("en", "near", "See section 4.2.1 of the manual, page 118, figure 7."),
    r("en", "near", "Patch notes for 1.0.0.1 are in the changelog; the hotfix is 1.0.0.2."),
    r("en", "hr", "SSN: ⟦SSN|305-64-1187⟧ DOB 04/17/1986"),
    r("en", "chat", "my email is ⟦E|b.nguyen(at)example.org⟧ lol, spam bots everywhere"),
    r("en", "support", "(⟦E|olivia.m@yahoo.co.uk⟧) wrote: the download link "
      "⟦U|https://files.example.com/d/9f2c?token=abc⟧ has expired."),
    r("en", "clean", "Loved it. Would buy again. Shipping was fast and the box was intact."),
    r("en", "clean", "I think the second chapter drags a bit but the ending is great."),
    r("en", "address", "Our office moved to ⟦L|350 Fifth Avenue, New York, NY 10118⟧ in May."),
    r("en", "support", "Refund to account ⟦I|" + IB["nl1"] + "⟧ (Dutch bank), name "
      "⟦P|Sanne de Vries⟧."),
    r("en", "forum", "I live in Canada and prices here are insane, CAD 1,899 for the base model."),
    r("en", "chat", "text ⟦P|Maria⟧ at ⟦T|+44 7400 654321⟧ she has the keys"),
    r("en", "near", "Serial no. SN-7731-2290-4418, firmware v10.2.3, purchased 2022-11-30."),
    r("en", "support", "Please contact our DPO at ⟦E|privacy@example.com⟧ for data requests."),
    # ------------------------------------------------------------------ Spanish
    r("es", "forum", "Hola a todos, soy ⟦P|Lucía⟧ de ⟦L|Valencia⟧. ¿Alguien sabe por qué el "
      "portátil se apaga con la versión 2.3.1 del BIOS?"),
    r("es", "support", "Incidencia 55120: el cliente ⟦P|Javier Morales Ruiz⟧ "
      "(⟦E|jmorales@telefonica.net⟧) no puede acceder a su cuenta."),
    r("es", "support", "Mi DNI es ⟦NIF|" + nif(48291736) + "⟧ y quiero darme de baja del "
      "servicio."),
    r("es", "support", "Adjunto mi NIE ⟦NIE|" + nie("X", 3928174) + "⟧ para el contrato de "
      "alquiler."),
    r("es", "address", "Enviar a:\n⟦P|Carmen Ortega⟧\n⟦L|Calle de Alcalá 48, 28014 Madrid⟧\n"
      "Tel. ⟦T|+34 912 34 56 78⟧"),
    r("es", "chat", "llámame al ⟦T|612 345 678⟧ cuando salgas del curro"),
    r("es", "support", "Por favor, haced la transferencia a la cuenta ⟦I|" + IB["es1"] + "⟧."),
    r("es", "support", "Me cobraron dos veces con la tarjeta ⟦C|4111 1111 1111 1111⟧ el "
      "15/03/2024, importe 89,90 €."),
    r("es", "bio", "⟦P|Andrés Felipe Gómez⟧ es periodista en ⟦L|Bogotá⟧ y colabora con "
      "varios medios. Web: ⟦U|https://andresgomez.example.co/cv⟧"),
    r("es", "near", "El pedido nº 2024-000781 sale hoy; precio total 1.299,00 € (IVA incl.)."),
    r("es", "near", "Actualizad a la versión 4.10.2.1 antes del viernes, por favor."),
    r("es", "near", "ISBN 978-84-376-0494-7, edición de 1998, 320 páginas."),
    r("es", "near", "Código de seguimiento ES-48812903-SP, entrega estimada el 22/11."),
    r("es", "review", "Estuvimos en ⟦L|Sevilla⟧ cuatro días; la anfitriona, ⟦P|Rocío⟧, "
      "encantadora."),
    r("es", "forum", "Mi IP pública es ⟦IP|83.45.112.9⟧ y el router no deja abrir el puerto "
      "8080."),
    r("es", "hr", "Empleada: ⟦P|María José Fernández⟧, DNI ⟦NIF|" + nif(20481135) + "⟧, "
      "IBAN ⟦I|" + IB["es2"] + "⟧"),
    r("es", "clean", "La reunión es el jueves a las 10:00 en la sala 2.04."),
    r("es", "clean", "El libro me gustó mucho, aunque el final es un poco previsible."),
    r("es", "clean", "¿Alguien ha probado la receta con harina integral? Queda más densa."),
    r("es", "form", "Nombre: ⟦P|Pablo Iglesias Vidal⟧\nCorreo: ⟦E|pablo.iv@gmail.com⟧\n"
      "Móvil: ⟦T|+34 655 12 34 98⟧"),
    r("es", "chat", "oye, el correo de ⟦P|Marta⟧ es ⟦E|marta_rg@hotmail.es⟧, escríbele tú"),
    r("es", "support", "Acceso sospechoso desde ⟦IP|2a02:9130:8a1:2::15⟧ a las 03:12."),
    r("es", "news", "El alcalde de ⟦L|Zaragoza⟧, ⟦P|Jorge Azcón⟧, inauguró ayer el nuevo "
      "puente."),
    r("es", "address", "Nuestra tienda está en ⟦L|Avenida Diagonal 640, 08017 Barcelona⟧."),
    r("es", "near", "Hash del archivo: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    r("es", "near", "Factura F-2023/1187 del 03-02-2023 por 450,75 euros."),
    r("es", "support", "Pago rechazado con la tarjeta ⟦C|5555-5555-5555-4444⟧, caduca en 09/26."),
    r("es", "bio", "Me llamo ⟦P|Diego⟧, tengo 34 años y vivo en ⟦L|Málaga⟧ desde 2015."),
    r("es", "forum", "Tutorial completo aquí: ⟦U|www.foro-linux.example.es/hilo/8812⟧ (en "
      "español)."),
    r("es", "support", "Por favor, llamen a mi madre, ⟦P|Pilar⟧, al ⟦T|954 21 33 07⟧."),
    r("es", "clean", "Hace mucho calor en agosto, mejor viajar en primavera."),
    r("es", "clean", "Gracias por la respuesta tan rápida, ya funciona todo."),
    r("es", "near", "La versión 1.2.3.4 corrige el fallo del cierre inesperado."),
    r("es", "support", "(NIF: ⟦NIF|" + nif(71234509) + "⟧) Solicito copia de mis datos "
      "personales."),
    r("es", "chat", "mándame el pdf a ⟦E|quique.lopez@yahoo.es⟧ xfa"),
    r("es", "hr", "NIE ⟦NIE|" + nie("Y", 2847561) + "⟧ - ⟦P|Oksana Petrenko⟧, alta el "
      "01/09/2024."),
    r("es", "address", "Entregar en ⟦L|Calle Mayor 12, 3º B, 31001 Pamplona⟧ (timbre roto)."),
    r("es", "near", "Precio: 24,95 €; descuento del 15%; referencia REF-88120."),
    r("es", "support", "Mi teléfono fijo es el ⟦T|91 555 43 21⟧ y el móvil ⟦T|699 88 77 66⟧."),
    r("es", "review", "Comimos en ⟦L|San Sebastián⟧, el camarero ⟦P|Iker⟧ nos recomendó todo."),
    r("es", "clean", "El equipo ganó tres a uno en el último minuto."),
    r("es", "forum", "Vivo en México y aquí el envío tarda dos semanas."),
    r("es", "support", "Servidor ⟦IP|172.16.254.3⟧ caído desde las 07:45, ticket 9921."),
    r("es", "bio", "Contacto profesional: ⟦E|laura.benitez@uni.example.es⟧ · "
      "⟦T|+34 933 12 45 67⟧"),
    r("es", "near", "Ejecutad pip install paquete==0.9.12 y reiniciad."),
    r("es", "chat", "⟦P|Álvaro⟧ dice que te pases por ⟦L|Granada⟧ el finde"),
    r("es", "support", "Tarjeta ⟦C|4012888888881881⟧ (Visa) — por favor, borradla de mi "
      "perfil."),
    r("es", "clean", "Recomiendo llevar chaqueta, por la noche refresca bastante."),
    # ------------------------------------------------------------------ French
    r("fr", "forum", "Salut à tous, ⟦P|Camille⟧ de ⟦L|Nantes⟧ ici. Quelqu'un a réussi à "
      "installer la version 5.4.2 sur un vieux Mac ?"),
    r("fr", "support", "Ticket 77125 : Mme ⟦P|Nathalie Lefèvre⟧ (⟦E|n.lefevre@orange.fr⟧) "
      "signale un double prélèvement."),
    r("fr", "support", "Mon numéro de sécurité sociale : ⟦NIR|" + nir("2 84 07 75 112 047") +
      "⟧."),
    r("fr", "address", "Livraison :\n⟦P|Julien Moreau⟧\n⟦L|12 rue des Lilas, 69003 Lyon⟧\n"
      "Tél. ⟦T|06 12 34 56 78⟧"),
    r("fr", "chat", "appelle-moi au ⟦T|07 81 22 45 90⟧ stp"),
    r("fr", "support", "Merci de rembourser sur mon RIB, IBAN ⟦I|" + IB["fr1"] + "⟧."),
    r("fr", "support", "J'ai payé avec la carte ⟦C|5105 1051 0510 5100⟧ le 02/10/2024 "
      "(129,00 €)."),
    r("fr", "bio", "⟦P|Aïssatou Diallo⟧ est chercheuse à ⟦L|Dakar⟧ puis à ⟦L|Montpellier⟧. "
      "Site : ⟦U|https://adiallo.example.org/publications⟧"),
    r("fr", "near", "Commande n° 2024-55-0912 expédiée ; montant 1 249,90 € TTC."),
    r("fr", "near", "Mettez à jour vers la 3.12.0.4, la 3.11 a un bug connu."),
    r("fr", "near", "ISBN 978-2-07-036822-8, parution le 12 mars 1998."),
    r("fr", "near", "Empreinte SHA-256 : 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
    r("fr", "review", "Super séjour à ⟦L|Annecy⟧, notre hôte ⟦P|Bernard⟧ était aux petits "
      "soins."),
    r("fr", "forum", "Mon serveur est en ⟦IP|51.15.208.77⟧, le ping monte à 300 ms le soir."),
    r("fr", "hr", "Salarié : ⟦P|Mathieu Girard⟧, NIR ⟦NIR|" + nir("1 79 02 2A 004 118") +
      "⟧, IBAN ⟦I|" + IB["fr2"] + "⟧"),
    r("fr", "clean", "La réunion est reportée à jeudi prochain, même heure."),
    r("fr", "clean", "Franchement, le deuxième tome est encore meilleur que le premier."),
    r("fr", "clean", "Quelqu'un connaît une bonne boulangerie ouverte le dimanche ?"),
    r("fr", "form", "Nom : ⟦P|Élodie Marchand⟧\nCourriel : ⟦E|elodie.marchand@free.fr⟧\n"
      "Portable : ⟦T|+33 6 45 78 12 09⟧"),
    r("fr", "chat", "le mail de ⟦P|Hugo⟧ c'est ⟦E|hugo.b@laposte.net⟧, vois avec lui"),
    r("fr", "support", "Connexion suspecte depuis ⟦IP|2001:0db8:0000:0042:0000:8a2e:0370:7334⟧."),
    r("fr", "news", "La maire de ⟦L|Paris⟧, ⟦P|Anne Hidalgo⟧, a présenté le plan vélo."),
    r("fr", "address", "Notre boutique : ⟦L|8 boulevard Haussmann, 75009 Paris⟧."),
    r("fr", "near", "Facture FA-2023-0412 du 14/06/2023, total 86,40 €."),
    r("fr", "support", "Carte refusée : ⟦C|4242 4242 4242 4242⟧, expiration 11/25."),
    r("fr", "bio", "Je m'appelle ⟦P|Inès⟧, j'ai 27 ans et j'habite à ⟦L|Toulouse⟧."),
    r("fr", "forum", "Le tuto est ici : ⟦U|www.entraide-linux.example.fr/sujet/4417⟧ ."),
    r("fr", "support", "Merci d'appeler mon père, ⟦P|Gérard⟧, au ⟦T|01 42 68 53 00⟧."),
    r("fr", "clean", "Il pleut depuis trois jours, le jardin en avait besoin."),
    r("fr", "clean", "Merci pour votre réponse rapide, tout fonctionne maintenant."),
    r("fr", "near", "La version 2.0.1.7 corrige la fuite de mémoire."),
    r("fr", "chat", "envoie le devis à ⟦E|contact@menuiserie-roux.fr⟧ stp"),
    r("fr", "address", "Adresse de facturation : ⟦L|3 avenue Jean Jaurès, 13001 Marseille⟧"),
    r("fr", "near", "Prix : 19,99 € ; remise de 20 % ; référence ART-55102."),
    r("fr", "support", "Fixe : ⟦T|04 91 55 22 10⟧ — mobile : ⟦T|06 98 76 54 32⟧."),
    r("fr", "review", "Dîner à ⟦L|Bordeaux⟧, le sommelier ⟦P|Olivier⟧ était excellent."),
    r("fr", "clean", "L'équipe a gagné deux à zéro en fin de match."),
    r("fr", "forum", "J'habite en Belgique et la livraison prend une semaine."),
    r("fr", "support", "Le serveur ⟦IP|10.0.12.5⟧ ne répond plus depuis 06:20, ticket 3310."),
    r("fr", "bio", "Contact pro : ⟦E|s.blanc@cabinet-blanc.example.fr⟧ · ⟦T|+33 1 53 24 87 60⟧"),
    r("fr", "near", "Lancez npm install module@4.17.21 puis relancez."),
    r("fr", "chat", "⟦P|Léa⟧ passe à ⟦L|Lille⟧ ce week-end"),
    r("fr", "support", "Carte ⟦C|6011 0009 9013 9424⟧ — merci de la supprimer de mon compte."),
    r("fr", "clean", "Pensez à prendre un pull, les soirées sont fraîches."),
    r("fr", "support", "Virement belge sur ⟦I|" + IB["be1"] + "⟧, au nom de "
      "⟦P|Sophie Lambert⟧."),
    r("fr", "near", "Colis 6A12345678901 en cours d'acheminement, livraison le 28/11."),
    r("fr", "hr", "N° de sécu ⟦NIR|" + nir("1 92 11 33 063 221") + "⟧ (carte vitale)"),
    r("fr", "forum", "Le site ⟦U|https://forum.example.fr/t/wifi-instable/882⟧ explique tout."),
    # ------------------------------------------------------------------ German
    r("de", "forum", "Hallo zusammen, ich bin ⟦P|Jonas⟧ aus ⟦L|Freiburg⟧. Hat jemand Version "
      "3.1.4 auf dem Raspberry Pi zum Laufen gebracht?"),
    r("de", "support", "Ticket 30912: Frau ⟦P|Sabine Krüger⟧ (⟦E|sabine.krueger@web.de⟧) "
      "wurde doppelt belastet."),
    r("de", "support", "Meine Steuer-ID lautet ⟦STID|" + de_tax_id("5792837461") + "⟧."),
    r("de", "address", "Lieferadresse:\n⟦P|Thomas Becker⟧\n⟦L|Hauptstraße 17, 10827 Berlin⟧\n"
      "Tel.: ⟦T|+49 30 90182044⟧"),
    r("de", "chat", "ruf mich an: ⟦T|0171 2345678⟧"),
    r("de", "support", "Bitte überweisen Sie den Betrag auf ⟦I|" + IB["de1"] + "⟧."),
    r("de", "support", "Ich habe mit der Karte ⟦C|4111-1111-1111-1111⟧ am 05.10.2024 "
      "bezahlt (59,90 €)."),
    r("de", "bio", "⟦P|Dr. Katrin Vogel⟧ forscht in ⟦L|Heidelberg⟧ zu Sprachmodellen. "
      "Mehr: ⟦U|https://kvogel.example.de/forschung⟧"),
    r("de", "near", "Bestellnummer 302-4417789-1123456, Gesamtbetrag 1.299,00 € inkl. MwSt."),
    r("de", "near", "Update auf 2.7.1.3 behebt den Absturz beim Start."),
    r("de", "near", "ISBN 978-3-16-148410-0, erschienen am 01.04.2010."),
    r("de", "near", "Commit a94a8fe5ccb19ba61c4c0873d391e987982fbbd3 enthält den Fix."),
    r("de", "review", "Tolles Wochenende in ⟦L|Hamburg⟧, unser Gastgeber ⟦P|Klaus⟧ war "
      "sehr nett."),
    r("de", "forum", "Meine öffentliche IP ist ⟦IP|91.64.23.180⟧, Port 443 ist trotzdem zu."),
    r("de", "hr", "Mitarbeiter: ⟦P|Stefan Wagner⟧, Steuer-ID ⟦STID|" +
      de_tax_id("8603571924") + "⟧, IBAN ⟦I|" + IB["de2"] + "⟧"),
    r("de", "clean", "Das Treffen ist am Donnerstag um 10 Uhr im Raum 2.04."),
    r("de", "clean", "Ehrlich gesagt hat mir der zweite Teil besser gefallen."),
    r("de", "clean", "Kennt jemand eine gute Werkstatt, die samstags offen hat?"),
    r("de", "form", "Name: ⟦P|Anna Schmidt⟧\nE-Mail: ⟦E|anna.schmidt@gmx.de⟧\n"
      "Handy: ⟦T|+49 151 23456789⟧"),
    r("de", "chat", "die Mail von ⟦P|Lukas⟧ ist ⟦E|lukas.h@t-online.de⟧, schreib ihm"),
    r("de", "support", "Verdächtiger Login von ⟦IP|2a01:4f8:c17:1a2b::1⟧ um 02:47 Uhr."),
    r("de", "news", "Der Bürgermeister von ⟦L|München⟧, ⟦P|Dieter Reiter⟧, eröffnete die "
      "Ausstellung."),
    r("de", "address", "Unser Büro: ⟦L|Königsallee 60, 40212 Düsseldorf⟧."),
    r("de", "near", "Rechnung RE-2023-0815 vom 14.06.2023 über 86,40 €."),
    r("de", "support", "Karte abgelehnt: ⟦C|5555 5555 5555 4444⟧, gültig bis 10/26."),
    r("de", "bio", "Ich heiße ⟦P|Mehmet⟧, bin 31 und wohne seit 2018 in ⟦L|Köln⟧."),
    r("de", "forum", "Anleitung hier: ⟦U|www.linux-hilfe.example.de/thread/5521⟧ ."),
    r("de", "support", "Bitte rufen Sie meine Mutter, ⟦P|Gisela⟧, unter ⟦T|089 12345678⟧ an."),
    r("de", "clean", "Es regnet seit drei Tagen, der Garten freut sich."),
    r("de", "clean", "Danke für die schnelle Antwort, jetzt klappt alles."),
    r("de", "near", "Version 10.4.2.1 ist seit gestern verfügbar."),
    r("de", "chat", "schick das Angebot an ⟦E|info@schreinerei-maier.de⟧ bitte"),
    r("de", "address", "Rechnungsanschrift: ⟦L|Marienplatz 8, 80331 München⟧"),
    r("de", "near", "Preis: 24,95 €; Rabatt 15 %; Artikelnummer 4006381333931."),
    r("de", "support", "Festnetz: ⟦T|040 3890 1122⟧ — Handy: ⟦T|0160 98765432⟧."),
    r("de", "review", "Essen in ⟦L|Leipzig⟧, der Kellner ⟦P|Uwe⟧ hat super beraten."),
    r("de", "clean", "Die Mannschaft hat in der Nachspielzeit noch gewonnen."),
    r("de", "forum", "Ich wohne in Österreich und der Versand dauert eine Woche."),
    r("de", "support", "Server ⟦IP|172.20.10.4⟧ seit 06:20 nicht erreichbar, Ticket 3310."),
    r("de", "bio", "Kontakt: ⟦E|m.hoffmann@kanzlei-hoffmann.example.de⟧ · "
      "⟦T|+49 211 5408 7730⟧"),
    r("de", "near", "Führen Sie pip install paket==2.31.0 aus und starten Sie neu."),
    r("de", "chat", "⟦P|Lena⟧ kommt am Wochenende nach ⟦L|Dresden⟧"),
    r("de", "support", "Karte ⟦C|3714 496353 98431⟧ (Amex) bitte aus meinem Konto löschen."),
    r("de", "clean", "Denkt an eine Jacke, abends wird es kühl."),
    r("de", "support", "Rückerstattung bitte auf ⟦I|" + IB["it1"] + "⟧ (italienisches Konto)."),
    r("de", "near", "Sendungsnummer 00340434161094042557, Zustellung am 28.11."),
    r("de", "hr", "Steuerliche Identifikationsnummer: ⟦STID|" + de_tax_id("4728153906") + "⟧"),
    r("de", "forum", "Siehe ⟦U|https://wiki.example.de/Netzwerk/WLAN#Probleme⟧ für Details."),
    r("de", "chat", "kannst du ⟦P|Jürgen⟧ die Nummer geben? ⟦T|0176 55512345⟧"),
    r("de", "support", "(Kundennr. 4471-229) E-Mail: ⟦E|k.schulz@posteo.de⟧"),
    # ------------------------------------------------------------------ mixed-language rows
    r("en", "mixed", "Thanks! / ¡Gracias! Write to ⟦E|ana.ruiz@example.es⟧ if the parcel for "
      "⟦L|Bilbao⟧ is late."),
    r("es", "mixed", "Hola ⟦P|Peter⟧, my number is ⟦T|+44 7911 123987⟧, llámame mañana."),
    r("fr", "mixed", "Bonjour, please send the invoice to ⟦E|compta@atelier-roux.fr⟧, merci "
      "beaucoup !"),
    r("de", "mixed", "Hi ⟦P|Sarah⟧, die IBAN ist ⟦I|" + IB["de1"] + "⟧ - thanks a lot!"),
    r("en", "mixed", "Meeting notes (EN/FR): ⟦P|Claire Dubois⟧ will call ⟦T|+33 6 12 98 45 70⟧ "
      "— elle confirmera demain."),
    r("es", "mixed", "Mi tarjeta ⟦C|4242424242424242⟧ was declined again, ¿qué hago?"),
    r("fr", "mixed", "Le serveur ⟦IP|192.0.2.44⟧ is down since this morning, on regarde ça."),
    r("de", "mixed", "Bitte schicken Sie it to ⟦E|office@example.at⟧, danke / thank you."),
    r("en", "mixed", "Version 1.4.2 — nouvelle version disponible, no personal data here."),
    r("es", "mixed", "Envío a ⟦L|Rua Augusta 120, Lisboa⟧, o meu telemóvel é "
      "⟦T|+351 912 345 678⟧."),
]


def parse(text: str) -> tuple[str, list[dict]]:
    out, spans, last = [], [], 0
    pos = 0
    for m in MARK.finditer(text):
        out.append(text[last:m.start()])
        pos += m.start() - last
        value = m.group(2)
        spans.append({"start": pos, "end": pos + len(value), "entity_type": CODES[m.group(1)]})
        out.append(value)
        pos += len(value)
        last = m.end()
    out.append(text[last:])
    plain = "".join(out)
    assert "⟦" not in plain and "⟧" not in plain, text
    return plain, spans


def main() -> None:
    counts: dict[str, int] = {}
    lines = [f"# {line}" for line in RULES.splitlines()]
    for lang, kind, marked in ROWS:
        counts[lang] = counts.get(lang, 0) + 1
        text, spans = parse(marked)
        lines.append(json.dumps({"id": f"hard-{lang}-{counts[lang]:03d}", "language": lang,
                                 "kind": kind, "text": text, "spans": spans},
                                ensure_ascii=False))
    (HERE / "pii_hard.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(ROWS)} rows: {counts}")


if __name__ == "__main__":
    main()
