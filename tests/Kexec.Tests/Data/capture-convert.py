import sys,os
log,out=sys.argv[1],sys.argv[2]
lines=open(log,errors='replace').read().replace('\r','').split('\n')
i=0
while i<len(lines):
    l=lines[i]
    if l.startswith('@@@BEGIN-HEX '):
        name=l.split(' ',1)[1]; data=bytearray(); i+=1
        while not lines[i].startswith('@@@END'):
            data+=bytes(int(x,16) for x in lines[i].split()); i+=1
        p=os.path.join(out,name); os.makedirs(os.path.dirname(p),exist_ok=True); open(p,'wb').write(data)
    elif l.startswith('@@@BEGIN '):
        name=l.split(' ',1)[1]; body=[]; i+=1
        while not lines[i].startswith('@@@END'):
            body.append(lines[i]); i+=1
        p=os.path.join(out,name); os.makedirs(os.path.dirname(p),exist_ok=True); open(p,'w').write('\n'.join(body)+'\n')
    i+=1
