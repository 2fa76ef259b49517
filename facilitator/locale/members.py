"""Strings of the municipalities-and-participants screen, its picker and its forms."""

NB = {
    "key.members.add_municipality": "Ny kommune",
    "key.members.add_person": "Ny deltaker",
    "key.members.move": "Flytt",
    "key.members.active": "(In)aktiv",
    "members.title": "Kommuner og deltakere",
    "members.count": "{municipalities} {municipalities:kommune|kommuner} · {active} {active:aktiv deltaker|aktive deltakere}",
    "members.inactive_count": " · {inactive} inaktive",
    "members.bad_emails": " · ⚠ {count} {count:ugyldig e-postadresse|ugyldige e-postadresser}",
    "members.none": "Ingen kommuner ennå. Trykk a for å legge til en kommune.",
    "members.col.name": "Kommune / deltaker",
    "members.col.role": "Rolle / pulje",
    "members.col.email": "E-post",
    "members.col.status": "Status",
    "members.people": "{count} {count:deltaker|deltakere}",
    "members.cohort": "pulje {cohort}",
    "members.active": "aktiv",
    "members.inactive": "inaktiv",
    "members.pick_person": "Sett markøren på en deltaker først.",
    "members.pick_municipality": "Legg til en kommune først (a).",
    "members.move.title": "Flytt {name} til kommune",
    "members.move.none": "Nettverket har ingen annen kommune å flytte til.",
    "members.moved": "{name} er flyttet til {municipality}.",
    "members.deactivated": "{name} er satt som inaktiv.",
    "members.activated": "{name} er aktiv igjen.",
    "members.delete_person": (
        "Slette {name}?\n\nNavn og e-post slettes fra databasefilen. Oppmøte personen har "
        "bidratt til, blir stående som anonyme tall per kommune og rolle."
    ),
    "members.delete_municipality": (
        "Ta {name} ut av nettverket?\n\nKommunen forsvinner fra hjemmearbeid og oversikter. "
        "Deltakerne og det som er registrert, blir liggende i databasen."
    ),
    "members.erased": "Deltakeren er slettet; navn og e-post er fjernet fra filen.",
    "members.removed": "{name} er tatt ut av nettverket.",
    "members.remove.yes": "Ta ut",
    "picker.title": "Legg til kommune i nettverket",
    "picker.filter": "Navn eller nummer, f.eks. «okses» eller «1868»",
    "picker.cohort": "Pulje (valgfritt)",
    "picker.hint": "Skriv for å søke · ↑↓ velger · Enter legger til · Tab: pulje · Esc ferdig",
    "picker.member": "allerede med i nettverket",
    "picker.no_match": "Ingen kommune passer til «{query}».",
    "picker.added": "{name} er lagt til.",
    "picker.added_from": "{name} er lagt til, med fra {date} (tidligere perioder tar den ikke med; endre datoen med Enter på kommunen).",
    "key.picker.add": "Legg til",
    "picker.already": "{name} er allerede med i nettverket.",
    "picker.loading": "Henter kommunelisten …",
    "pform.title.new": "Ny deltaker",
    "pform.title.edit": "Rediger deltaker",
    "pform.name": "Navn *",
    "pform.role": "Rolle",
    "pform.email": "E-post (valgfritt)",
    "pform.municipality": "Kommune",
    "pform.active": "Aktiv i nettverket",
    "mform.title": "Medlemskap: {name}",
    "mform.cohort": "Pulje",
    "mform.joined": "Med fra",
    "mform.left": "Sluttet",
    "help.members": (
        "Nettverkets kommuner med deltakerne under hver kommune, sortert alfabetisk. "
        "a legger til en kommune fra listen over alle 357 (søk på navn eller nummer; "
        "æøå spiller ingen rolle: «okses» finner Øksnes). n legger til en deltaker i kommunen "
        "under markøren. Enter eller e redigerer deltakeren, eller puljen og datoene for "
        "kommunen. f flytter deltakeren til en annen kommune i nettverket. d setter en "
        "deltaker som inaktiv eller aktiv igjen (inaktive står ikke på oppmøtelistene). "
        "Delete sletter en deltaker etter at du har bekreftet: navn og e-post fjernes fra "
        "selve databasefilen, mens oppmøtet blir stående som anonyme tall. Delete på en "
        "kommune tar den ut av nettverket."
    ),
    "help.municipality_picker": (
        "Skriv en del av navnet eller kommunenummeret; æøå og store bokstaver spiller ingen "
        "rolle. Piltastene velger, Enter legger kommunen til med puljen i feltet under, og "
        "vinduet blir stående så du kan legge til flere. Kommuner som allerede er med, er "
        "merket «allerede med i nettverket». Esc lukker."
    ),
    "help.participant_form": (
        "Navn er påkrevd. Rollen brukes i oppmøte- og evalueringsoversikter og i varselet "
        "om trepartssamarbeid. E-post er valgfri. Ctrl+S lagrer; Esc avbryter (du blir spurt "
        "hvis du har endret noe)."
    ),
    "help.membership_form": (
        "Puljen er en fri merkelapp (f.eks. «2026» eller «Pulje 2»). Datoene skrives "
        "dd.mm.åååå og kan stå tomme. Ctrl+S lagrer; Esc avbryter."
    ),
}

EN = {
    "key.members.add_municipality": "New municipality",
    "key.members.add_person": "New person",
    "key.members.move": "Move",
    "key.members.active": "(De)activate",
    "members.title": "Municipalities and participants",
    "members.count": "{municipalities} {municipalities:municipality|municipalities} · {active} active {active:participant|participants}",
    "members.inactive_count": " · {inactive} inactive",
    "members.bad_emails": " · ⚠ {count} invalid e-mail {count:address|addresses}",
    "members.none": "No municipalities yet. Press a to add one.",
    "members.col.name": "Municipality / person",
    "members.col.role": "Role / cohort",
    "members.col.email": "E-mail",
    "members.col.status": "Status",
    "members.people": "{count} {count:participant|participants}",
    "members.cohort": "cohort {cohort}",
    "members.active": "active",
    "members.inactive": "inactive",
    "members.pick_person": "Put the cursor on a participant first.",
    "members.pick_municipality": "Add a municipality first (a).",
    "members.move.title": "Move {name} to municipality",
    "members.move.none": "The network has no other municipality to move to.",
    "members.moved": "{name} moved to {municipality}.",
    "members.deactivated": "{name} is now inactive.",
    "members.activated": "{name} is active again.",
    "members.delete_person": (
        "Delete {name}?\n\nThe name and e-mail are erased from the database file. Attendance "
        "this person contributed stays as anonymous counts by municipality and role."
    ),
    "members.delete_municipality": (
        "Take {name} out of the network?\n\nThe municipality disappears from home work and "
        "overviews. Its participants and records stay in the database."
    ),
    "members.erased": "The participant is deleted; name and e-mail are gone from the file.",
    "members.removed": "{name} is no longer in the network.",
    "members.remove.yes": "Take out",
    "picker.title": "Add a municipality to the network",
    "picker.filter": "Name or number, e.g. \"okses\" or \"1868\"",
    "picker.cohort": "Cohort (optional)",
    "picker.hint": "Type to search · ↑↓ choose · Enter adds · Tab: cohort · Esc done",
    "picker.member": "already in the network",
    "picker.no_match": "No municipality matches \"{query}\".",
    "picker.added": "{name} added.",
    "picker.added_from": "{name} added, a member from {date} (earlier cycles leave it out; change the date with Enter on the municipality).",
    "key.picker.add": "Add",
    "picker.already": "{name} is already in the network.",
    "picker.loading": "Loading the municipalities …",
    "pform.title.new": "New participant",
    "pform.title.edit": "Edit participant",
    "pform.name": "Name *",
    "pform.role": "Role",
    "pform.email": "E-mail (optional)",
    "pform.municipality": "Municipality",
    "pform.active": "Active in the network",
    "mform.title": "Membership: {name}",
    "mform.cohort": "Cohort",
    "mform.joined": "Joined",
    "mform.left": "Left",
    "help.members": (
        "The network's municipalities with their participants beneath, in alphabetical "
        "order. a adds a municipality from the list of all 357 (search by name or number; "
        "æøå and case do not matter: \"okses\" finds Øksnes). n adds a participant to the "
        "municipality under the cursor. Enter or e edits the participant, or the cohort and "
        "dates of the municipality. f moves the participant to another municipality in the "
        "network. d makes a participant inactive or active again (inactive people are not on "
        "attendance lists). Delete removes a participant after you confirm: the name and "
        "e-mail are erased from the database file itself, while attendance stays as "
        "anonymous counts. Delete on a municipality takes it out of the network."
    ),
    "help.municipality_picker": (
        "Type part of the name or the municipality number; æøå and case do not matter. "
        "Arrows choose, Enter adds the municipality with the cohort in the field below, and "
        "the window stays open so you can add more. Municipalities already in the network "
        "are marked \"already in the network\". Escape closes."
    ),
    "help.participant_form": (
        "Name is required. The role is used in attendance and evaluation overviews and in "
        "the three-party cooperation warning. E-mail is optional. Ctrl+S saves; Escape "
        "cancels (you are asked if you changed anything)."
    ),
    "help.membership_form": (
        "The cohort is a free label (e.g. \"2026\" or \"Cohort 2\"). Dates are dd.mm.yyyy "
        "and may be empty. Ctrl+S saves; Escape cancels."
    ),
}
